// Bulk tagging from the Users table: one tag added to or removed from the selected users,
// or from every user the table's filters match, in set-based SQL (no id list in memory
// for "all 49,901 matching"). Each change is recorded as an event, like a single tag's,
// and the ids changed are returned so the console can undo exactly those. Timestamps are
// written as UTC, like Prisma's (the columns have no time zone).
import { db, Prisma } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { publishInboxEvent } from "../realtime/publish";
import { findTagByName } from "../tags/find-tag-by-name";
import { TAG_COLORS } from "../tags/schemas";
import type { TBulkTagUsers } from "./schemas";
import { usersFilterSql } from "./users-filter";

type TTag = { id: string; name: string; color: string };

async function resolveTag(ref: TBulkTagUsers["tag"], action: "add" | "remove"): Promise<TTag> {
  if ("tagId" in ref) {
    const tag = await db().tag.findUnique({ where: { id: ref.tagId }, select: { id: true, name: true, color: true } });
    if (!tag) throw new AppError("INVALID_INPUT", "This tag no longer exists. Pick another one.");
    return tag;
  }
  const found = await findTagByName(ref.name);
  if (found) return found;
  // Removing only ever takes a tag that exists; adding creates a new one.
  if (action === "remove") throw new AppError("INVALID_INPUT", `There is no tag named “${ref.name}”, so there is nothing to remove.`);
  const count = await db().tag.count();
  return db().tag.upsert({
    where: { name: ref.name },
    create: { name: ref.name, color: ref.color ?? TAG_COLORS[count % TAG_COLORS.length]! },
    update: {},
    select: { id: true, name: true, color: true },
  });
}

export async function bulkTagUsers(staff: Pick<TStaffSession, "id" | "name">, input: TBulkTagUsers) {
  const tag = await resolveTag(input.tag, input.action);
  const where = input.userIds ? Prisma.sql`u."id" = ANY(${[...new Set(input.userIds)]}::text[])` : await usersFilterSql(input.filter ?? {});
  const properties = JSON.stringify({ tag: tag.name, via: "agent", by: staff.name });
  return db().$transaction(
    async (tx) => {
      const rows =
        input.action === "add"
          ? await tx.$queryRaw<{ matched: number; changed: string[] }[]>`
              WITH target AS (SELECT u."id", u."botId" FROM "TelegramUser" u WHERE ${where}),
              ins AS (
                INSERT INTO "UserTag" ("telegramUserId", "tagId", "appliedVia", "appliedByStaffId", "appliedAt")
                SELECT t."id", ${tag.id}, 'AGENT'::"TagSource", ${staff.id}, now() AT TIME ZONE 'UTC' FROM target t
                ON CONFLICT DO NOTHING RETURNING "telegramUserId"),
              ev AS (
                INSERT INTO "Event" ("botId", "telegramUserId", "name", "properties", "occurredAt")
                SELECT t."botId", t."id", 'tag_added', ${properties}::jsonb, now() AT TIME ZONE 'UTC' FROM target t JOIN ins ON ins."telegramUserId" = t."id")
              SELECT (SELECT count(*) FROM target)::int AS matched, ARRAY(SELECT "telegramUserId" FROM ins) AS changed`
          : await tx.$queryRaw<{ matched: number; changed: string[] }[]>`
              WITH target AS (SELECT u."id", u."botId" FROM "TelegramUser" u WHERE ${where}),
              del AS (
                DELETE FROM "UserTag" ut USING target t
                WHERE ut."telegramUserId" = t."id" AND ut."tagId" = ${tag.id} RETURNING ut."telegramUserId"),
              ev AS (
                INSERT INTO "Event" ("botId", "telegramUserId", "name", "properties", "occurredAt")
                SELECT t."botId", t."id", 'tag_removed', ${properties}::jsonb, now() AT TIME ZONE 'UTC' FROM target t JOIN del ON del."telegramUserId" = t."id")
              SELECT (SELECT count(*) FROM target)::int AS matched, ARRAY(SELECT "telegramUserId" FROM del) AS changed`;
      const { matched, changed } = rows[0] ?? { matched: 0, changed: [] };
      if (input.userIds && matched === 0) throw new AppError("INVALID_INPUT", "None of the selected users exist any more.");
      if (changed.length > 0) {
        await publishInboxEvent(tx, { kind: "tags.changed", payload: { userIds: changed.slice(0, 200), tag, action: input.action, by: staff.name } });
      }
      return { tag, changed: changed.length, unchanged: matched - changed.length, changedIds: changed };
    },
    { timeout: 60_000 },
  );
}
