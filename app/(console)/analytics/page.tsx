import type { Metadata } from "next";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  await requirePagePermission("analytics:read");
  return (
    <>
      <PageHeader title="Analytics" description="How your audience and your sends move over time." />
      <EmptyState icon="▥" title="Nothing to chart yet">
        <p>
          Here managers will read what each send did and how segments and lifecycle stages move over time. Every
          message, command, start and button click is already recorded as an event for these reports.
        </p>
      </EmptyState>
    </>
  );
}
