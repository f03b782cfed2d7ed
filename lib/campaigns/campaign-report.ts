// What a campaign did: the funnel (targeted → sent → failed/blocked → clicked → replied →
// converted, and tags gained) per stage and variant, the control group measured the same
// way (from the launch, as it was never sent), the lift of the sent group over the control
// group with a 95% confidence interval, and sends per second over time. Computed from the
// recipients, messages, tags and events, so the numbers are exact at any time.
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { ZTracking } from "./schemas";

type TRow = { stage: number; variantId: string | null; targeted: number; sent: number; blocked: number; failed: number; skipped: number; clicked: number; replied: number; converted: number; tagged: number };

export type TFunnel = Omit<TRow, "stage" | "variantId">;

const empty = (): TFunnel => ({ targeted: 0, sent: 0, blocked: 0, failed: 0, skipped: 0, clicked: 0, replied: 0, converted: 0, tagged: 0 });
const add = (a: TFunnel, b: TFunnel): TFunnel => {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof TFunnel)[]) out[k] += b[k];
  return out;
};

/** Difference of two proportions with a 95% normal-approximation interval. */
export function lift(successA: number, nA: number, successB: number, nB: number) {
  if (nA === 0 || nB === 0) return null;
  const pA = successA / nA;
  const pB = successB / nB;
  const se = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  const diff = pA - pB;
  return { sentRate: pA, controlRate: pB, absolute: diff, low: diff - 1.96 * se, high: diff + 1.96 * se };
}

export async function campaignReport(campaignId: string) {
  const c = await db().campaign.findUnique({ where: { id: campaignId }, select: { id: true, name: true, status: true, tracking: true, launchedAt: true, message: true } });
  if (!c) throw new AppError("NOT_FOUND", "There is no such campaign.");
  const tracking = ZTracking.parse(c.tracking);
  const windowHours = tracking.conversionWindowHours;
  const rows = await db().$queryRaw<TRow[]>`
    WITH c AS (SELECT "id", "botId", "launchedAt" FROM "Campaign" WHERE "id" = ${campaignId}),
    r AS (
      SELECT r.*, COALESCE(r."sentAt", c."launchedAt") AS ref, c."botId"
      FROM "CampaignRecipient" r, c WHERE r."campaignId" = c."id"
    ),
    m AS (
      SELECT r."id",
        (r."stage" = 0 OR r."state" = 'SENT') AND r.ref IS NOT NULL AS measured,
        EXISTS (
          SELECT 1 FROM "Conversation" cv JOIN "Message" msg ON msg."conversationId" = cv."id"
          WHERE cv."botId" = r."botId" AND cv."chatId" = r."chatId" AND msg."direction" = 'IN'
            AND msg."createdAt" > r.ref AND msg."createdAt" <= r.ref + interval '24 hours'
        ) AS replied,
        ${tracking.conversionEvent}::text IS NOT NULL AND EXISTS (
          SELECT 1 FROM "Event" e WHERE e."telegramUserId" = r."telegramUserId" AND e."name" = ${tracking.conversionEvent}
            AND e."occurredAt" > r.ref AND e."occurredAt" <= r.ref + ${windowHours} * interval '1 hour'
        ) AS converted,
        EXISTS (
          SELECT 1 FROM "UserTag" ut WHERE ut."telegramUserId" = r."telegramUserId"
            AND ut."appliedAt" > r.ref AND ut."appliedAt" <= r.ref + ${windowHours} * interval '1 hour'
        ) AS tagged
      FROM r
    )
    SELECT r."stage", r."variantId",
      count(*)::int AS targeted,
      count(*) FILTER (WHERE r."state" = 'SENT')::int AS sent,
      count(*) FILTER (WHERE r."state" = 'FAILED' AND r."failureReason" LIKE 'blocked%')::int AS blocked,
      count(*) FILTER (WHERE r."state" = 'FAILED' AND r."failureReason" NOT LIKE 'blocked%')::int AS failed,
      count(*) FILTER (WHERE r."state" = 'SKIPPED')::int AS skipped,
      count(*) FILTER (WHERE r."clickedAt" IS NOT NULL)::int AS clicked,
      count(*) FILTER (WHERE m.measured AND m.replied)::int AS replied,
      count(*) FILTER (WHERE m.measured AND m.converted)::int AS converted,
      count(*) FILTER (WHERE m.measured AND m.tagged)::int AS tagged
    FROM r JOIN m ON m."id" = r."id"
    GROUP BY r."stage", r."variantId" ORDER BY r."stage", r."variantId"`;

  const control = rows.filter((r) => r.stage === 0).reduce((a, r) => add(a, r), empty());
  const sentRows = rows.filter((r) => r.stage > 0);
  const total = sentRows.reduce((a, r) => add(a, r), empty());
  const byStage = new Map<number, TFunnel>();
  const byVariant = new Map<string, TFunnel>();
  for (const r of sentRows) {
    byStage.set(r.stage, add(byStage.get(r.stage) ?? empty(), r));
    const v = r.variantId ?? "a";
    byVariant.set(v, add(byVariant.get(v) ?? empty(), r));
  }
  const variantNames = new Map<string, string>(((c.message as { variants?: { id: string; name: string }[] })?.variants ?? []).map((v) => [v.id, v.name]));

  const first = await db().$queryRaw<{ t0: Date | null; t1: Date | null }[]>`
    SELECT min("sentAt") AS t0, max("sentAt") AS t1 FROM "CampaignRecipient" WHERE "campaignId" = ${campaignId} AND "sentAt" IS NOT NULL`;
  const t0 = first[0]?.t0;
  const t1 = first[0]?.t1;
  let timeline: { at: string; perSecond: number }[] = [];
  let bucketSeconds = 1;
  if (t0 && t1) {
    bucketSeconds = Math.max(1, Math.ceil((t1.getTime() - t0.getTime()) / 1000 / 300));
    const buckets = await db().$queryRaw<{ b: number; n: number }[]>`
      SELECT floor(EXTRACT(EPOCH FROM ("sentAt" - ${t0})) / ${bucketSeconds})::int AS b, count(*)::int AS n
      FROM "CampaignRecipient" WHERE "campaignId" = ${campaignId} AND "sentAt" IS NOT NULL GROUP BY 1 ORDER BY 1`;
    const byBucket = new Map(buckets.map((x) => [x.b, x.n]));
    const last = buckets.length ? buckets[buckets.length - 1]!.b : 0;
    timeline = Array.from({ length: last + 1 }, (_, b) => ({ at: new Date(t0.getTime() + b * bucketSeconds * 1000).toISOString(), perSecond: (byBucket.get(b) ?? 0) / bucketSeconds }));
  }

  return {
    campaign: { id: c.id, name: c.name, status: c.status, launchedAt: c.launchedAt, tracking },
    total,
    control,
    stages: [...byStage.entries()].map(([stage, f]) => ({ stage, ...f })),
    variants: [...byVariant.entries()].map(([id, f]) => ({ id, name: variantNames.get(id) ?? id, ...f })),
    lift: {
      conversion: tracking.conversionEvent ? lift(total.converted, total.sent, control.converted, control.targeted) : null,
      reply: lift(total.replied, total.sent, control.replied, control.targeted),
    },
    timeline: { bucketSeconds, points: timeline },
  };
}
