// The Users table: server-side search, filters (incl. a segment), sort and pagination.
// The filters are one SQL condition (users-filter.ts); the page's rows are then read
// with Prisma for their relations.
import { db, Prisma } from "../db/client";
import type { TListUsers } from "./schemas";
import { usersFilterSql } from "./users-filter";

const NULLABLE_SORTS = new Set(["username", "source", "languageCode"]);

/** ORDER BY for the table; `sort` and `dir` come from a zod enum, never free text. */
export function usersOrderSql(input: Pick<TListUsers, "sort" | "dir">): Prisma.Sql {
  const dir = Prisma.raw(input.dir === "asc" ? "ASC" : "DESC");
  // "Name" sorts by the first name, then the last name (no last name first among equals).
  if (input.sort === "firstName") {
    const lastNulls = Prisma.raw(input.dir === "asc" ? "NULLS FIRST" : "NULLS LAST");
    return Prisma.sql`u."firstName" ${dir}, u."lastName" ${dir} ${lastNulls}, u."id" ASC`;
  }
  const column = Prisma.raw(`u."${input.sort}"`);
  const nulls = NULLABLE_SORTS.has(input.sort) ? Prisma.raw(" NULLS LAST") : Prisma.empty;
  return Prisma.sql`${column} ${dir}${nulls}, u."id" ASC`;
}

/** The last page that has rows (1 when there are none). */
export function lastPage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export async function listUsers(input: TListUsers) {
  const where = await usersFilterSql(input);
  const [counted, pageRows, page] = await db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      const n = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "TelegramUser" u WHERE ${where}`;
      // A page past the end (an old link, ?page=999) shows the last page instead of nothing.
      const page = Math.min(input.page, lastPage(n[0]?.n ?? 0, input.pageSize));
      const ids = await tx.$queryRaw<{ id: string }[]>`
        SELECT u."id" FROM "TelegramUser" u WHERE ${where}
        ORDER BY ${usersOrderSql(input)} LIMIT ${input.pageSize} OFFSET ${(page - 1) * input.pageSize}`;
      return [n, ids, page] as const;
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 60_000 },
  );
  const total = counted[0]?.n ?? 0;
  const ids = pageRows.map((r) => r.id);
  const found = await db().telegramUser.findMany({
    where: { id: { in: ids } },
    select: {
      id: true, telegramId: true, firstName: true, lastName: true, username: true, languageCode: true,
      isPremium: true, firstSeenAt: true, lastSeenAt: true, source: true, blockedAt: true,
      bot: { select: { username: true } },
      tags: { select: { tag: { select: { name: true, color: true } } }, orderBy: { appliedAt: "asc" } },
    },
  });
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  return {
    total,
    /** The page shown: the one asked for, or the last one when that is past the end. */
    page,
    pageSize: input.pageSize,
    rows: rows.map((r) => ({
      id: r.id,
      telegramId: r.telegramId.toString(),
      name: [r.firstName, r.lastName].filter(Boolean).join(" "),
      username: r.username,
      languageCode: r.languageCode,
      isPremium: r.isPremium,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      source: r.source,
      blocked: r.blockedAt !== null,
      bot: r.bot.username,
      tags: r.tags.map((t) => t.tag),
    })),
  };
}

export type TUserList = Awaited<ReturnType<typeof listUsers>>;
export type TUserRow = TUserList["rows"][number];
