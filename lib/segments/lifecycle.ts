// Lifecycle stages: one stage per Telegram user, derived from first/last seen and the
// blocked flag with thresholds editable in Settings → Segments. Segments compute the
// stage at query time (exact for "now"); a job records each change of stage with its
// date (record-lifecycle-changes.ts) for the charts of movement between stages.
import { db, Prisma, type TDb } from "../db/client";
import { sqlTimestamp as ts } from "../db/sql";
import { DEFAULT_LIFECYCLE, ZLifecycleSettings, type TLifecycleSettings } from "./lifecycle-schema";
import type { TLifecycleStage } from "./rules";

export { DEFAULT_LIFECYCLE, ZLifecycleSettings, type TLifecycleSettings };

const KEY = "lifecycle";
const DAY_MS = 86_400_000;

export async function getLifecycleSettings(client: Prisma.TransactionClient | TDb = db()): Promise<TLifecycleSettings> {
  const row = await client.appSetting.findUnique({ where: { key: KEY } });
  const parsed = ZLifecycleSettings.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : DEFAULT_LIFECYCLE;
}

export async function saveLifecycleSettings(input: TLifecycleSettings): Promise<TLifecycleSettings> {
  const value = ZLifecycleSettings.parse(input);
  await db().appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  return value;
}

/** The instants that separate the stages at `now`. */
export function lifecycleCutoffs(now: Date, s: TLifecycleSettings) {
  return {
    newSince: new Date(now.getTime() - s.newDays * DAY_MS),
    activeSince: new Date(now.getTime() - s.activeDays * DAY_MS),
    dormantSince: new Date(now.getTime() - s.dormantDays * DAY_MS),
  };
}

/** The columns a stage is computed from, as SQL: of TelegramUser `u` unless given. */
export type TStageColumns = { firstSeenAt: Prisma.Sql; lastSeenAt: Prisma.Sql; blocked: Prisma.Sql };

const USER_STAGE_COLUMNS: TStageColumns = {
  firstSeenAt: Prisma.sql`u."firstSeenAt"`,
  lastSeenAt: Prisma.sql`u."lastSeenAt"`,
  blocked: Prisma.sql`u."blockedAt" IS NOT NULL`,
};

/**
 * Each stage as a condition on a user row (the rule of lifecycleStage, in SQL): column
 * comparisons that indexes on first/last seen can serve. Exactly one holds for every user.
 */
export function lifecycleStageConditions(
  now: Date,
  s: TLifecycleSettings,
  col: TStageColumns = USER_STAGE_COLUMNS,
): Record<TLifecycleStage, Prisma.Sql> {
  const { c, oldEnough, notBlocked } = stageParts(now, s, col);
  return {
    new: Prisma.sql`(${notBlocked} AND ${col.firstSeenAt} >= ${ts(c.newSince)})`,
    active: Prisma.sql`(${notBlocked} AND ${oldEnough} AND ${col.lastSeenAt} >= ${ts(c.activeSince)})`,
    dormant: Prisma.sql`(${notBlocked} AND ${oldEnough} AND ${col.lastSeenAt} < ${ts(c.activeSince)} AND ${col.lastSeenAt} >= ${ts(c.dormantSince)})`,
    churned: Prisma.sql`(${col.blocked} OR (${oldEnough} AND ${col.lastSeenAt} < ${ts(c.dormantSince)}))`,
  };
}

function stageParts(now: Date, s: TLifecycleSettings, col: TStageColumns) {
  const c = lifecycleCutoffs(now, s);
  return { c, oldEnough: Prisma.sql`${col.firstSeenAt} < ${ts(c.newSince)}`, notBlocked: Prisma.sql`(NOT ${col.blocked})` };
}

/**
 * "The user is in one of these stages" as one condition (true for all four). Active and
 * dormant together are one range of last seen: one comparison instead of two stages' worth
 * (about 10% off a scan of every user).
 */
export function lifecycleStagesCondition(
  now: Date,
  s: TLifecycleSettings,
  stages: Iterable<TLifecycleStage>,
  col: TStageColumns = USER_STAGE_COLUMNS,
): Prisma.Sql {
  const wanted = new Set(stages);
  if (wanted.size === 4) return Prisma.sql`TRUE`;
  const stage = lifecycleStageConditions(now, s, col);
  const parts: Prisma.Sql[] = [];
  if (wanted.has("active") && wanted.has("dormant")) {
    wanted.delete("active");
    wanted.delete("dormant");
    const { c, oldEnough, notBlocked } = stageParts(now, s, col);
    parts.push(Prisma.sql`(${notBlocked} AND ${oldEnough} AND ${col.lastSeenAt} >= ${ts(c.dormantSince)})`);
  }
  for (const w of wanted) parts.push(stage[w]);
  return Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

/**
 * The stage of one user: blocked → churned; first seen within newDays → new; last seen
 * within activeDays → active; within dormantDays → dormant; otherwise churned.
 */
export function lifecycleStage(
  user: { firstSeenAt: Date; lastSeenAt: Date; blockedAt: Date | null },
  now: Date,
  s: TLifecycleSettings,
): TLifecycleStage {
  const c = lifecycleCutoffs(now, s);
  if (user.blockedAt) return "churned";
  if (user.firstSeenAt >= c.newSince) return "new";
  if (user.lastSeenAt >= c.activeSince) return "active";
  if (user.lastSeenAt >= c.dormantSince) return "dormant";
  return "churned";
}
