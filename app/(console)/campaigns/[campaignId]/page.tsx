import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CampaignWizard } from "@/components/campaigns/wizard/campaign-wizard";
import { effectiveRate } from "@/components/campaigns/wizard/draft";
import { withIds } from "@/components/segments/rule-defaults";
import { CampaignLive } from "@/components/campaigns/live/campaign-live";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listBotChoices } from "@/lib/bots/list-bots";
import { getCampaign } from "@/lib/campaigns/list-campaigns";
import { trackedLinkBase } from "@/lib/campaigns/link-base";
import { ZAudience, ZCampaignMessage, ZRollout, ZSchedule, ZTracking } from "@/lib/campaigns/schemas";
import { isAppError } from "@/lib/errors/app-error";
import type { TGroupRule } from "@/lib/segments/rules";

export const metadata: Metadata = { title: "Campaign" };

async function findCampaign(id: string) {
  try {
    return await getCampaign(id);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  }
}

export default async function CampaignPage({ params }: { params: Promise<{ campaignId: string }> }) {
  const staff = await requirePagePermission("campaigns:read");
  const c = await findCampaign((await params).campaignId);
  if (!c) notFound();
  const bot = (await listBotChoices()).find((b) => b.id === c.botId) ?? { id: c.botId, username: "deleted_bot" };
  const canSend = can(staff.role, "campaigns:send");
  const back = <Link href="/campaigns" className="mb-3 inline-block text-sm text-slate-500 hover:text-brand-700">← Campaigns</Link>;
  if (c.status === "DRAFT") {
    const audience = ZAudience.parse(c.audience);
    return (
      <>
        {back}
        <CampaignWizard
          campaignId={c.id}
          bot={bot}
          canEdit={canSend}
          linkBase={trackedLinkBase()}
          initial={{
            name: c.name,
            wizardStep: c.wizardStep,
            audience: { ...audience, rules: audience.rules ? (withIds(audience.rules) as TGroupRule) : null },
            message: ZCampaignMessage.parse(c.message),
            rollout: ZRollout.parse(c.rollout),
            schedule: ZSchedule.parse(c.schedule),
            tracking: ZTracking.parse(c.tracking),
            paidBroadcast: c.paidBroadcast,
            ratePerSecond: c.ratePerSecond,
          }}
        />
      </>
    );
  }
  return (
    <>
      {back}
      <CampaignLive campaign={{ id: c.id, name: c.name, botUsername: bot.username, rateLimit: effectiveRate(c) }} canSend={canSend} />
    </>
  );
}
