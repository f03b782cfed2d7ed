// The Users table: server-side search, filters, sort and pagination.
import { db, type Prisma } from "../db/client";
import type { TListUsers } from "./schemas";

const DAY = 86_400_000;

function lastSeenFilter(window: TListUsers["lastSeen"]): Prisma.DateTimeFilter | undefined {
  const now = Date.now();
  switch (window) {
    case "24h": return { gte: new Date(now - DAY) };
    case "7d": return { gte: new Date(now - 7 * DAY) };
    case "30d": return { gte: new Date(now - 30 * DAY) };
    case "30d+": return { lt: new Date(now - 30 * DAY) };
    default: return undefined;
  }
}

export function userWhere(input: TListUsers): Prisma.TelegramUserWhereInput {
  const and: Prisma.TelegramUserWhereInput[] = [];
  if (input.botId) and.push({ botId: input.botId });
  if (input.q) {
    const q = input.q.replace(/^@/, "");
    const or: Prisma.TelegramUserWhereInput[] = [
      { firstName: { contains: q, mode: "insensitive" } },
      { lastName: { contains: q, mode: "insensitive" } },
      { username: { contains: q, mode: "insensitive" } },
    ];
    if (/^\d{1,18}$/.test(q)) or.push({ telegramId: BigInt(q) });
    and.push({ OR: or });
  }
  if (input.tag) and.push({ tags: { some: { tag: { name: input.tag } } } });
  if (input.source) and.push(input.source === "(none)" ? { source: null } : { source: input.source });
  const seen = lastSeenFilter(input.lastSeen);
  if (seen) and.push({ lastSeenAt: seen });
  return { AND: and };
}

const NULLABLE_SORTS = new Set(["username", "source", "languageCode"]);

function orderBy(input: TListUsers): Prisma.TelegramUserOrderByWithRelationInput {
  return NULLABLE_SORTS.has(input.sort) ? { [input.sort]: { sort: input.dir, nulls: "last" } } : { [input.sort]: input.dir };
}

export async function listUsers(input: TListUsers) {
  const where = userWhere(input);
  const [total, rows] = await Promise.all([
    db().telegramUser.count({ where }),
    db().telegramUser.findMany({
      where,
      orderBy: [orderBy(input), { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true, telegramId: true, firstName: true, lastName: true, username: true, languageCode: true,
        isPremium: true, firstSeenAt: true, lastSeenAt: true, source: true, blockedAt: true,
        bot: { select: { username: true } },
        tags: { select: { tag: { select: { name: true, color: true } } }, orderBy: { appliedAt: "asc" } },
      },
    }),
  ]);
  return {
    total,
    page: input.page,
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
