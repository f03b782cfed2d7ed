import type { Metadata } from "next";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  await requirePagePermission("campaigns:send");
  return (
    <>
      <PageHeader title="Campaigns" description="Bulk sends to a segment, measured against a control group." />
      <EmptyState icon="➤" title="No campaigns yet">
        <p>
          Here you will send to a segment through a wizard: test send, staged rollout, control group and schedule —
          within Telegram&rsquo;s rate limits — and read delivered, blocked, clicks, replies and lift afterwards.
        </p>
      </EmptyState>
    </>
  );
}
