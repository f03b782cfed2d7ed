// The Users table (with its filters, incl. a segment) as CSV, streamed in keyset batches
// so a million users never sit in memory at once.
import { db } from "../db/client";
import type { TListUsers } from "./schemas";
import { usersFilterSql } from "./users-filter";

const BATCH = 5000;
const HEADER = ["id", "telegram_id", "bot", "first_name", "last_name", "username", "language", "premium", "source", "first_seen", "last_seen", "blocked_at", "unsubscribed_at", "tags", "attributes"];

/** A CSV field: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type TRow = {
  id: string; telegramId: bigint; bot: string; firstName: string; lastName: string | null; username: string | null;
  languageCode: string | null; isPremium: boolean; source: string | null; firstSeenAt: Date; lastSeenAt: Date;
  blockedAt: Date | null; unsubscribedAt: Date | null; tags: string | null; attributes: unknown;
};

export async function* exportUsersCsv(filters: Omit<TListUsers, "sort" | "dir" | "page" | "pageSize">): AsyncGenerator<string> {
  const now = new Date();
  const where = await usersFilterSql(filters, now);
  yield `${HEADER.join(",")}\r\n`;
  let after = "";
  for (;;) {
    const rows = await db().$queryRaw<TRow[]>`
      SELECT u."id", u."telegramId", b."username" AS bot, u."firstName", u."lastName", u."username", u."languageCode",
             u."isPremium", u."source", u."firstSeenAt", u."lastSeenAt", u."blockedAt", u."unsubscribedAt", u."attributes",
             (SELECT string_agg(t."name", ';' ORDER BY t."name") FROM "UserTag" ut JOIN "Tag" t ON t."id" = ut."tagId" WHERE ut."telegramUserId" = u."id") AS tags
      FROM "TelegramUser" u JOIN "Bot" b ON b."id" = u."botId"
      WHERE ${where} AND u."id" > ${after}
      ORDER BY u."id" LIMIT ${BATCH}`;
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        [r.id, r.telegramId, r.bot, r.firstName, r.lastName, r.username, r.languageCode, r.isPremium, r.source, r.firstSeenAt, r.lastSeenAt, r.blockedAt, r.unsubscribedAt, r.tags, JSON.stringify(r.attributes ?? {})]
          .map(csvField)
          .join(","),
      )
      .join("\r\n") + "\r\n";
    after = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) return;
  }
}

/** "users-<segment name or 'all'>-<date>.csv" */
export async function exportFileName(segmentId: string | undefined): Promise<string> {
  const name = segmentId ? (await db().segment.findUnique({ where: { id: segmentId }, select: { name: true } }))?.name : undefined;
  const slug = (name ?? "all").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "segment";
  return `users-${slug}-${new Date().toISOString().slice(0, 10)}.csv`;
}

