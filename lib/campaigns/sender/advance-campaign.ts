// What happens when a running campaign has nothing left to send right now: wait for
// retries or scheduled sends, or close the stage (the next one waits to be continued, by
// hand or after its wait), or complete the campaign.
import { db } from "../../db/client";
import { ZRollout } from "../schemas";

/** waitMs: how long until the campaign has sendable recipients again; null: the campaign left RUNNING. */
export async function advanceCampaign(campaignId: string): Promise<{ waitMs: number | null }> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ stage: number; stageCount: number; status: string; rollout: unknown }[]>`
      SELECT "stage", "stageCount", "status"::text AS status, "rollout" FROM "Campaign" WHERE "id" = ${campaignId} FOR UPDATE`;
    const c = rows[0];
    if (!c || c.status !== "RUNNING") return { waitMs: null };
    const open = await tx.$queryRaw<{ n: number; soonest: Date | null }[]>`
      SELECT count(*)::int AS n, min("sendAfter") AS soonest FROM "CampaignRecipient"
      WHERE "campaignId" = ${campaignId} AND "stage" BETWEEN 1 AND ${c.stage} AND "state" IN ('PENDING', 'SENDING')`;
    const { n, soonest } = open[0]!;
    if (n > 0) return { waitMs: Math.max(200, (soonest?.getTime() ?? Date.now()) - Date.now()) };
    if (c.stage < c.stageCount) {
      const rollout = ZRollout.parse(c.rollout);
      const nextStageAt = rollout.advance.mode === "auto" ? new Date(Date.now() + rollout.advance.waitMinutes * 60_000) : null;
      await tx.campaign.update({ where: { id: campaignId }, data: { status: "STAGE_DONE", nextStageAt } });
      return { waitMs: null };
    }
    await tx.campaign.update({ where: { id: campaignId }, data: { status: "COMPLETED", completedAt: new Date(), nextStageAt: null } });
    return { waitMs: null };
  });
}
