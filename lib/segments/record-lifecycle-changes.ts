// Records every user's move between lifecycle stages, with its date. Stages change as
// time passes (not only when events arrive), so a job runs this every few minutes: one
// set-based statement per bot compares the stored stage with the stage now and writes
// a LifecycleChange row for each user whose stage moved. Idempotent: a second run right
// after finds nothing to change.
import { db, Prisma } from "../db/client";
import { lifecycleCutoffs, getLifecycleSettings } from "./lifecycle";

/** The stage as SQL over `u`, with the same rule as lifecycleStage() (lifecycle.ts). */
function stageSql(now: Date, s: Awaited<ReturnType<typeof getLifecycleSettings>>): Prisma.Sql {
  const c = lifecycleCutoffs(now, s);
  const t = (d: Date) => Prisma.sql`${d.toISOString().slice(0, 23)}::timestamp`;
  return Prisma.sql`CASE
    WHEN u."blockedAt" IS NOT NULL THEN 'churned'
    WHEN u."firstSeenAt" >= ${t(c.newSince)} THEN 'new'
    WHEN u."lastSeenAt" >= ${t(c.activeSince)} THEN 'active'
    WHEN u."lastSeenAt" >= ${t(c.dormantSince)} THEN 'dormant'
    ELSE 'churned' END`;
}

export async function recordLifecycleChanges(now = new Date()): Promise<number> {
  const settings = await getLifecycleSettings();
  const stage = stageSql(now, settings);
  const at = Prisma.sql`${now.toISOString().slice(0, 23)}::timestamp`;
  const bots = await db().bot.findMany({ select: { id: true } });
  let changed = 0;
  for (const bot of bots) {
    changed += await db().$executeRaw`
      WITH moved AS (
        UPDATE "TelegramUser" u SET "lifecycleStage" = s.stage, "lifecycleChangedAt" = ${at}
        FROM (SELECT u."id", ${stage} AS stage, u."lifecycleStage" AS old FROM "TelegramUser" u WHERE u."botId" = ${bot.id}) s
        WHERE u."id" = s."id" AND s.stage IS DISTINCT FROM s.old
        RETURNING u."id", u."botId", s.old, s.stage
      )
      INSERT INTO "LifecycleChange" ("botId", "telegramUserId", "fromStage", "toStage", "changedAt")
      SELECT "botId", "id", old, stage, ${at} FROM moved`;
  }
  return changed;
}
