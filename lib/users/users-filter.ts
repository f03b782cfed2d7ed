// The Users table's filters as one SQL condition over `u` (TelegramUser): search, bot,
// tag, source, last activity and segment. Shared by the table and the CSV export.
import { Prisma, db } from "../db/client";
import { likeEscape, sqlTimestamp } from "../db/sql";
import { AppError } from "../errors/app-error";
import { compileContext, segmentWhere } from "../segments/evaluate-segment";
import { ZRules } from "../segments/rules";
import type { TListUsers } from "./schemas";

const DAY_MS = 86_400_000;
const ts = sqlTimestamp;

function likeContains(text: string): string {
  return `%${likeEscape(text)}%`;
}

export async function usersFilterSql(input: Omit<TListUsers, "sort" | "dir" | "page" | "pageSize">, now = new Date()): Promise<Prisma.Sql> {
  const and: Prisma.Sql[] = [];
  if (input.botId) and.push(Prisma.sql`u."botId" = ${input.botId}`);
  if (input.q) {
    const q = input.q.replace(/^@/, "");
    const like = likeContains(q);
    // The full name as shown ("James Clark") covers the first and the last name alone too.
    const or = [
      Prisma.sql`(u."firstName" || ' ' || coalesce(u."lastName", '')) ILIKE ${like}`,
      Prisma.sql`u."username" ILIKE ${like}`,
    ];
    if (/^\d{1,18}$/.test(q)) or.push(Prisma.sql`u."telegramId" = ${BigInt(q)}`);
    and.push(Prisma.sql`(${Prisma.join(or, " OR ")})`);
  }
  if (input.tag) {
    and.push(Prisma.sql`u."id" IN (SELECT ut."telegramUserId" FROM "UserTag" ut JOIN "Tag" t ON t."id" = ut."tagId" WHERE t."name" = ${input.tag})`);
  }
  if (input.source) and.push(input.source === "(none)" ? Prisma.sql`u."source" IS NULL` : Prisma.sql`u."source" = ${input.source}`);
  switch (input.lastSeen) {
    case "24h": and.push(Prisma.sql`u."lastSeenAt" >= ${ts(new Date(now.getTime() - DAY_MS))}`); break;
    case "7d": and.push(Prisma.sql`u."lastSeenAt" >= ${ts(new Date(now.getTime() - 7 * DAY_MS))}`); break;
    case "30d": and.push(Prisma.sql`u."lastSeenAt" >= ${ts(new Date(now.getTime() - 30 * DAY_MS))}`); break;
    case "30d+": and.push(Prisma.sql`u."lastSeenAt" < ${ts(new Date(now.getTime() - 30 * DAY_MS))}`); break;
  }
  if (input.segment) {
    const segment = await db().segment.findUnique({ where: { id: input.segment }, select: { id: true, botId: true, name: true, kind: true, rules: true } });
    if (!segment) throw new AppError("NOT_FOUND", "segment: this segment does not exist (it may have been deleted).");
    if (segment.kind === "STATIC") {
      and.push(Prisma.sql`u."id" IN (SELECT sm."telegramUserId" FROM "SegmentMember" sm WHERE sm."segmentId" = ${segment.id})`);
    } else {
      const ctx = await compileContext(segment.botId, now, { id: segment.id, name: segment.name });
      and.push(await segmentWhere(ZRules.parse(segment.rules), ctx));
    }
  }
  return and.length > 0 ? Prisma.join(and, " AND ") : Prisma.sql`TRUE`;
}
