// Live progress of a launched campaign: counts by state, the current rate and the ETA.
import { db } from "../db/client";
import { AppError } from "../errors/app-error";

export async function campaignProgress(campaignId: string) {
  const c = await db().campaign.findUnique({
    where: { id: campaignId },
    select: { status: true, stage: true, stageCount: true, ratePerSecond: true, paidBroadcast: true, launchedAt: true, completedAt: true, nextStageAt: true },
  });
  if (!c) throw new AppError("NOT_FOUND", "There is no such campaign.");
  const rows = await db().$queryRaw<{ stage: number; state: string; n: number; unconfirmed: number }[]>`
    SELECT "stage", "state"::text AS state, count(*)::int AS n, count(*) FILTER (WHERE "unconfirmed")::int AS unconfirmed
    FROM "CampaignRecipient" WHERE "campaignId" = ${campaignId} GROUP BY 1, 2`;
  // Sends of the last 10 s over the time they span (a stage that began 2 s ago is not divided by 10).
  const recent = await db().$queryRaw<{ n: number; span: number | null }[]>`
    SELECT count(*)::int AS n, EXTRACT(EPOCH FROM (now() - min("sentAt")))::float8 AS span FROM "CampaignRecipient"
    WHERE "campaignId" = ${campaignId} AND "state" = 'SENT' AND "sentAt" > now() - interval '10 seconds'`;
  const stages = Array.from({ length: c.stageCount }, (_, i) => ({ stage: i + 1, total: 0, sent: 0, failed: 0, skipped: 0, remaining: 0 }));
  let control = 0;
  /** Counted sent without Telegram's answer: a sender stopped while their requests were out. */
  let unconfirmed = 0;
  for (const r of rows) {
    unconfirmed += r.unconfirmed;
    if (r.stage === 0) {
      control += r.n;
      continue;
    }
    const s = stages[r.stage - 1];
    if (!s) continue;
    s.total += r.n;
    if (r.state === "SENT") s.sent += r.n;
    else if (r.state === "FAILED") s.failed += r.n;
    else if (r.state === "SKIPPED") s.skipped += r.n;
    else s.remaining += r.n;
  }
  const open = stages.filter((s) => s.stage <= c.stage);
  const sum = (k: "total" | "sent" | "failed" | "skipped" | "remaining") => open.reduce((a, s) => a + s[k], 0);
  const n = recent[0]?.n ?? 0;
  const ratePerSecond = n === 0 ? 0 : n / Math.min(10, Math.max(1, recent[0]?.span ?? 10));
  const remaining = sum("remaining");
  const pace = c.status === "RUNNING" ? Math.max(ratePerSecond, 0.5) : 0;
  return {
    status: c.status,
    stage: c.stage,
    stageCount: c.stageCount,
    nextStageAt: c.nextStageAt,
    launchedAt: c.launchedAt,
    completedAt: c.completedAt,
    control,
    unconfirmed,
    stages,
    current: { total: sum("total"), sent: sum("sent"), failed: sum("failed"), skipped: sum("skipped"), remaining },
    ratePerSecond,
    etaSeconds: pace > 0 && remaining > 0 ? Math.ceil(remaining / pace) : remaining === 0 ? 0 : null,
  };
}
