import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listBotChoices } from "@/lib/bots/list-bots";
import { getSegment } from "@/lib/segments/list-segments";
import { ZRules } from "@/lib/segments/rules";

export const metadata: Metadata = { title: "Segment" };

export default async function SegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requirePagePermission("segments:read");
  const segment = await getSegment((await params).id);
  if (!segment) notFound();
  const bots = await listBotChoices();
  const rules = ZRules.parse(segment.rules);
  return (
    <>
      <Link href="/segments" className="mb-2 inline-block text-sm text-brand-700 hover:underline">
        ← All segments
      </Link>
      <PageHeader title={segment.name} description={segment.kind === "STATIC" ? "Static segment (frozen member list)" : "Dynamic segment (evaluated whenever it is used)"} />
      <SegmentBuilder
        bots={bots}
        canEdit={can(staff.role, "segments:edit")}
        segment={{
          id: segment.id,
          botId: segment.botId,
          name: segment.name,
          description: segment.description,
          kind: segment.kind,
          rules,
          frozenAt: segment.frozenAt?.toISOString() ?? null,
          lastCount: segment.lastCount,
          memberCount: segment.memberCount,
        }}
      />
    </>
  );
}
