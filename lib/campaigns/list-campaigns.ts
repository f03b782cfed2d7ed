import { db } from "../db/client";
import { AppError } from "../errors/app-error";

export async function listCampaigns(botId?: string) {
  const campaigns = await db().campaign.findMany({
    where: botId ? { botId } : undefined,
    orderBy: { createdAt: "desc" },
    select: { id: true, botId: true, name: true, status: true, wizardStep: true, launchedAt: true, completedAt: true, createdAt: true, updatedAt: true, bot: { select: { name: true } } },
  });
  const counts = await db().$queryRaw<{ campaignId: string; total: number; sent: number; clicked: number }[]>`
    SELECT "campaignId", count(*) FILTER (WHERE "stage" > 0)::int AS total, count(*) FILTER (WHERE "state" = 'SENT')::int AS sent,
      count(*) FILTER (WHERE "clickedAt" IS NOT NULL)::int AS clicked
    FROM "CampaignRecipient" WHERE "campaignId" = ANY(${campaigns.map((c) => c.id)}::text[]) GROUP BY 1`;
  const byId = new Map(counts.map((c) => [c.campaignId, c]));
  return campaigns.map((c) => ({ ...c, botName: c.bot.name, recipients: byId.get(c.id)?.total ?? 0, sent: byId.get(c.id)?.sent ?? 0, clicked: byId.get(c.id)?.clicked ?? 0 }));
}

export async function getCampaign(campaignId: string) {
  const c = await db().campaign.findUnique({ where: { id: campaignId } });
  if (!c) throw new AppError("NOT_FOUND", "There is no such campaign (it may have been deleted).");
  return c;
}

/** Only drafts can be deleted: a launched campaign is history the reports need. */
export async function deleteCampaign(campaignId: string) {
  const { count } = await db().campaign.deleteMany({ where: { id: campaignId, status: "DRAFT" } });
  if (count === 0) {
    await getCampaign(campaignId);
    throw new AppError("CONFLICT", "A launched campaign cannot be deleted; cancel it instead.");
  }
  return { ok: true };
}
