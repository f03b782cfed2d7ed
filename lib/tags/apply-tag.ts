// Manual tagging by an agent: add or remove a tag on some users (by id), or on every user
// the Users table's filters match, in set-based SQL (no id list in memory for "all 49,901
// matching"). Each change records who and when and writes a tag_added / tag_removed event;
// the ids changed are returned (the console's Undo) and announced to every open console.
// Timestamps are written as UTC, like Prisma's (the columns have no time zone).
import type { z } from "zod";
import { db, Prisma } from "../db/client";
import type { TStaffSession } from "../auth/session";
import { AppError } from "../errors/app-error";
import { publishInboxEvent } from "../realtime/publish";
import { usersFilterSql } from "../users/users-filter";
import type { TUsersFilter } from "../users/schemas";
import { findTagByName } from "./find-tag-by-name";
import { TAG_COLORS, type ZApplyTag } from "./schemas";

type Tx = Prisma.TransactionClient;
type TTagRef = z.infer<typeof ZApplyTag>;

async function resolveTag(tx: Tx, ref: TTagRef, action: "add" | "remove") {
  if ("tagId" in ref) {
    const tag = await tx.tag.findUnique({ where: { id: ref.tagId }, select: { id: true, name: true, color: true } });
    if (!tag) throw new AppError("INVALID_INPUT", "tagId: no tag with this id.");
    return tag;
  }
  const found = await findTagByName(ref.name, tx);
  if (found) return found;
  // Removing only ever takes a tag that exists; adding creates a new one.
  if (action === "remove") throw new AppError("INVALID_INPUT", `There is no tag named “${ref.name}”, so there is nothing to remove.`);
  const count = await tx.tag.count();
  return tx.tag.upsert({
    where: { name: ref.name },
    create: { name: ref.name, color: ref.color ?? TAG_COLORS[count % TAG_COLORS.length]! },
    update: {},
    select: { id: true, name: true, color: true },
  });
}

export type TApplyTag = {
  action: "add" | "remove";
  tag: TTagRef;
  /** The users by id, or (without ids) every user matching the filters. */
  userIds?: string[];
  filter?: TUsersFilter;
  /** Ids of users that no longer exist: refused (nothing is written), or skipped (an Undo after a deletion). */
  missingUsers?: "refuse" | "skip";
};

export async function applyTag(staff: Pick<TStaffSession, "id" | "name">, input: TApplyTag) {
  const ids = input.userIds ? [...new Set(input.userIds)] : null;
  const where = ids ? Prisma.sql`u."id" = ANY(${ids}::text[])` : await usersFilterSql(input.filter ?? {});
  return db().$transaction(
    async (tx) => {
      const tag = await resolveTag(tx, input.tag, input.action);
      const props = JSON.stringify({ tag: tag.name, via: "agent", by: staff.name });
      const change =
        input.action === "add"
          ? Prisma.sql`INSERT INTO "UserTag" ("telegramUserId", "tagId", "appliedVia", "appliedByStaffId", "appliedAt")
              SELECT t."id", ${tag.id}, 'AGENT'::"TagSource", ${staff.id}, now() AT TIME ZONE 'UTC' FROM target t
              ON CONFLICT DO NOTHING RETURNING "telegramUserId"`
          : Prisma.sql`DELETE FROM "UserTag" ut USING target t
              WHERE ut."telegramUserId" = t."id" AND ut."tagId" = ${tag.id} RETURNING ut."telegramUserId"`;
      const event = input.action === "add" ? "tag_added" : "tag_removed";
      const rows = await tx.$queryRaw<{ matched: number; changed: string[] }[]>`
        WITH target AS (SELECT u."id", u."botId" FROM "TelegramUser" u WHERE ${where}),
        ch AS (${change}),
        ev AS (
          INSERT INTO "Event" ("botId", "telegramUserId", "name", "properties", "occurredAt")
          SELECT t."botId", t."id", ${event}, ${props}::jsonb, now() AT TIME ZONE 'UTC' FROM target t JOIN ch ON ch."telegramUserId" = t."id")
        SELECT (SELECT count(*) FROM target)::int AS matched, ARRAY(SELECT "telegramUserId" FROM ch) AS changed`;
      const { matched, changed } = rows[0] ?? { matched: 0, changed: [] };
      // Throwing here rolls back the whole statement above (and a tag it created).
      if (ids && matched < ids.length && (input.missingUsers ?? "refuse") === "refuse") {
        throw new AppError("INVALID_INPUT", `userIds: ${ids.length - matched} of the selected users do not exist.`);
      }
      if (ids && matched === 0) throw new AppError("INVALID_INPUT", "None of the selected users exist any more.");
      if (changed.length > 0) {
        await publishInboxEvent(tx, { kind: "tags.changed", payload: { userIds: changed.slice(0, 200), tag, action: input.action, by: staff.name } });
      }
      return { tag, changed: changed.length, unchanged: matched - changed.length, changedIds: changed };
    },
    { timeout: 60_000 },
  );
}
