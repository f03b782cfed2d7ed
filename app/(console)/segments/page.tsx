import type { Metadata } from "next";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  await requirePagePermission("segments:edit");
  return (
    <>
      <PageHeader title="Segments" description="Audiences built from tags, behaviour, lifecycle and source." />
      <EmptyState icon="◔" title="No segments yet">
        <p>
          Here you will combine rules — has tag, did an event in the last 7 days, lifecycle stage, source, language —
          and watch the exact audience count change as you edit. Meanwhile, the Users page filters by tag, source and
          last activity.
        </p>
      </EmptyState>
    </>
  );
}
