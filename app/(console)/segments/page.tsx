import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { SegmentList } from "@/components/segments/segment-list";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listSegments } from "@/lib/segments/list-segments";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  const staff = await requirePagePermission("segments:read");
  const canEdit = can(staff.role, "segments:edit");
  const segments = await listSegments();
  const newButton = canEdit ? (
    <Link href="/segments/new" className="inline-flex h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
      New segment
    </Link>
  ) : undefined;
  return (
    <>
      <PageHeader title="Segments" description="Audiences built from tags, behaviour, lifecycle stage, source, language and value — counted exactly as you edit." actions={newButton} />
      {segments.length === 0 ? (
        <EmptyState icon="◔" title="No segments yet" action={newButton}>
          <p>
            Combine rules — has tag, did an event in the last 7 days, lifecycle stage, source, language — and watch the exact
            audience count change as you edit. Save it to reuse in campaigns, or freeze a static list of today’s members.
          </p>
        </EmptyState>
      ) : (
        <SegmentList segments={segments} canEdit={canEdit} />
      )}
    </>
  );
}
