// Creates or refreshes the Telegram users behind updates: one statement.
import { Prisma } from "../db/client";
import type { TTelegramUser } from "./parse-update";
import { cuid } from "./cuid";

type Tx = Prisma.TransactionClient;

export type TUpsertedUser = { id: string; isNew: boolean; source: string | null; blockedAt: Date | null };

/**
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING "id", "botId", "telegramId"` for the users
 * of `rows`, a query with the columns id (for a new user), botId, telegramId, firstName,
 * lastName, username, languageCode, isPremium, seenAt and source; usable as a CTE. A user
 * must occur once in it. A new user is seen first and last at seenAt; a known one gets the
 * current profile, the later last-seen and the earlier first-seen. `source` (a /start
 * payload) is kept only when the user has none yet: the first wins. The returned id is
 * the proposed one for a new user. A new user's first updates may be processed at the same
 * time: the second insert waits for the first transaction and then updates its row.
 */
export function upsertTelegramUsersSql(rows: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "TelegramUser" AS t
      ("id", "botId", "telegramId", "firstName", "lastName", "username", "languageCode", "isPremium", "firstSeenAt", "lastSeenAt", "source", "sourceAt")
    SELECT r."id", r."botId", r."telegramId", r."firstName", r."lastName", r."username", r."languageCode", r."isPremium",
      r."seenAt", r."seenAt", r."source", CASE WHEN r."source" IS NULL THEN NULL ELSE r."seenAt" END
    FROM (${rows}) AS r
    ON CONFLICT ("botId", "telegramId") DO UPDATE SET
      "firstName" = EXCLUDED."firstName", "lastName" = EXCLUDED."lastName", "username" = EXCLUDED."username",
      "languageCode" = EXCLUDED."languageCode", "isPremium" = EXCLUDED."isPremium",
      "lastSeenAt" = GREATEST(t."lastSeenAt", EXCLUDED."lastSeenAt"),
      "firstSeenAt" = LEAST(t."firstSeenAt", EXCLUDED."firstSeenAt"),
      "source" = COALESCE(t."source", EXCLUDED."source"),
      "sourceAt" = CASE WHEN t."source" IS NULL AND EXCLUDED."source" IS NOT NULL THEN EXCLUDED."sourceAt" ELSE t."sourceAt" END
    RETURNING t."id", t."botId", t."telegramId", t."source", t."blockedAt"`;
}

export async function upsertTelegramUser(tx: Tx, botId: string, from: TTelegramUser, seenAt: Date): Promise<TUpsertedUser> {
  const id = cuid();
  const [user] = await tx.$queryRaw<TUpsertedUser[]>`
    WITH u AS (${upsertTelegramUsersSql(Prisma.sql`
      SELECT ${id}::text AS "id", ${botId}::text AS "botId", ${BigInt(from.id)}::bigint AS "telegramId", ${from.first_name}::text AS "firstName",
        ${from.last_name ?? null}::text AS "lastName", ${from.username ?? null}::text AS "username", ${from.language_code ?? null}::text AS "languageCode",
        ${from.is_premium ?? false}::boolean AS "isPremium", ${seenAt}::timestamp(3) AS "seenAt", NULL::text AS "source"`)})
    SELECT "id", "id" = ${id}::text AS "isNew", "source", "blockedAt" FROM u`;
  if (!user) throw new Error("TelegramUser upsert returned no row");
  return user;
}
