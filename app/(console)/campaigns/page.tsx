import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { NewCampaignButton } from "@/components/campaigns/new-campaign-dialog";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listBotChoices } from "@/lib/bots/list-bots";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  const staff = await requirePagePermission("campaigns:read");
  const canSend = can(staff.role, "campaigns:send");
  const [campaigns, bots] = await Promise.all([listCampaigns(), listBotChoices()]);
  const newButton = canSend && bots.length > 0 ? <NewCampaignButton bots={bots} /> : undefined;
  const rows = campaigns.map((c) => ({
    id: c.id,
    name: c.name,
    botName: c.botName,
    status: c.status,
    wizardStep: c.wizardStep,
    recipients: c.recipients,
    sent: c.sent,
    clicked: c.clicked,
    createdAt: c.createdAt.toISOString(),
    launchedAt: c.launchedAt?.toISOString() ?? null,
    completedAt: c.completedAt?.toISOString() ?? null,
  }));
  return (
    <>
      <PageHeader title="Campaigns" description="Bulk sends to a segment, rolled out in stages and measured against a control group." actions={rows.length > 0 ? newButton : undefined} />
      {rows.length > 0 ? (
        <CampaignList campaigns={rows} canSend={canSend} />
      ) : bots.length === 0 ? (
        <EmptyState icon="➤" title="Add a bot first" action={<Link className="text-brand-700 hover:underline" href="/settings">Settings → Bots</Link>}>
          <p>A campaign sends through one of your bots to the users who started it.</p>
        </EmptyState>
      ) : (
        <EmptyState icon="➤" title="No campaigns yet" action={newButton}>
          <p>
            Send to a segment through a wizard: write the message with a live Telegram preview, test it on yourself, roll it out
            in stages with a control group held out, and read delivered, blocked, clicks, replies and lift afterwards — always
            within Telegram&rsquo;s rate limits.
          </p>
        </EmptyState>
      )}
    </>
  );
}
