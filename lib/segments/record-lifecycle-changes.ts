// Records every user's move between lifecycle stages, with its date. Stages change as
// time passes (not only when events arrive), so a job runs this every few minutes: one
// set-based statement per bot compares the stored stage with the stage now and writes
// a LifecycleChange row for each user whose stage moved. Idempotent: a second run right
// after finds nothing to change.
import { db, Prisma } from "../db/client";
import { sqlTimestamp } from "../db/sql";
import { LIFECYCLE_STAGES } from "./rules";
import { getLifecycleSettings, lifecycleStageConditions } from "./lifecycle";

export async function recordLifecycleChanges(now = new Date()): Promise<number> {
  const conditions = lifecycleStageConditions(now, await getLifecycleSettings());
  // The same conditions the segments use; exactly one holds per user.
  const stage = Prisma.sql`CASE ${Prisma.join(
    LIFECYCLE_STAGES.map((s) => Prisma.sql`WHEN ${conditions[s]} THEN ${s}`),
    " ",
  )} END`;
  const at = sqlTimestamp(now);
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
