// Pause, resume, cancel and continue (the next rollout stage). Each is a conditional
// status change; the sender reads the status before every batch, so a pause or a cancel
// stops sending within one batch.
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { enqueue } from "../jobs/enqueue";

export type TCampaignAction = "pause" | "resume" | "cancel" | "continue";

const FROM: Record<TCampaignAction, string[]> = {
  pause: ["RUNNING", "SCHEDULED"],
  resume: ["PAUSED"],
  cancel: ["RUNNING", "PAUSED", "SCHEDULED", "STAGE_DONE"],
  continue: ["STAGE_DONE"],
};

export async function controlCampaign(campaignId: string, action: TCampaignAction) {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string; botId: string; stage: number; stageCount: number }[]>`
      SELECT "status"::text AS status, "botId", "stage", "stageCount" FROM "Campaign" WHERE "id" = ${campaignId} FOR UPDATE`;
    const c = rows[0];
    if (!c) throw new AppError("NOT_FOUND", "There is no such campaign.");
    if (!FROM[action].includes(c.status)) {
      throw new AppError("CONFLICT", `A ${c.status.toLowerCase().replace("_", " ")} campaign cannot ${action === "continue" ? "continue to the next stage" : action}.`);
    }
    if (action === "pause") await tx.campaign.update({ where: { id: campaignId }, data: { status: "PAUSED" } });
    if (action === "resume") await tx.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING" } });
    if (action === "continue") await tx.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING", stage: Math.min(c.stage + 1, c.stageCount), nextStageAt: null } });
    if (action === "cancel") {
      await tx.campaign.update({ where: { id: campaignId }, data: { status: "CANCELLED", completedAt: new Date(), nextStageAt: null } });
      await tx.$executeRaw`UPDATE "CampaignRecipient" SET "state" = 'SKIPPED', "failureReason" = 'campaign cancelled' WHERE "campaignId" = ${campaignId} AND "state" = 'PENDING' AND "stage" > 0`;
    }
    return c.botId;
  }).then(async (botId) => {
    if (action === "resume" || action === "continue") await enqueue("campaigns.dispatch", { botId });
    return { ok: true };
  });
}

/** Every minute: scheduled campaigns that are due start, automatic stages that waited continue. */
export async function tickCampaigns(): Promise<string[]> {
  const started = await db().$queryRaw<{ botId: string }[]>`
    UPDATE "Campaign" SET "status" = 'RUNNING' WHERE "status" = 'SCHEDULED' AND "launchedAt" <= now() RETURNING "botId"`;
  const continued = await db().$queryRaw<{ botId: string }[]>`
    UPDATE "Campaign" SET "status" = 'RUNNING', "stage" = LEAST("stage" + 1, "stageCount"), "nextStageAt" = NULL
    WHERE "status" = 'STAGE_DONE' AND "nextStageAt" IS NOT NULL AND "nextStageAt" <= now() RETURNING "botId"`;
  const running = await db().$queryRaw<{ botId: string }[]>`SELECT DISTINCT "botId" FROM "Campaign" WHERE "status" = 'RUNNING'`;
  const bots = [...new Set([...started, ...continued, ...running].map((r) => r.botId))];
  for (const botId of bots) await enqueue("campaigns.dispatch", { botId });
  return bots;
}
