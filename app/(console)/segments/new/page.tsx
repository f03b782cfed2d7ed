import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { requirePagePermission } from "@/lib/auth/session";
import { listBotChoices } from "@/lib/bots/list-bots";

export const metadata: Metadata = { title: "New segment" };

export default async function NewSegmentPage() {
  await requirePagePermission("segments:edit");
  const bots = await listBotChoices();
  return (
    <>
      <PageHeader title="New segment" description="Add conditions; the count is exact and updates as you edit." />
      {bots.length === 0 ? (
        <EmptyState icon="◔" title="Add a bot first" action={<Link className="text-brand-700 hover:underline" href="/settings">Settings → Bots</Link>}>
          <p>Segments select the users of one bot.</p>
        </EmptyState>
      ) : (
        <SegmentBuilder bots={bots} segment={null} canEdit />
      )}
    </>
  );
}
