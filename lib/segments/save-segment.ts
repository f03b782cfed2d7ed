// Create and update segments. The rules are compiled before anything is written, so
// a reference to a missing segment or a cycle is refused (400 naming the path) and
// nothing is half-saved; a static segment's members are frozen in the same transaction.
import { db, Prisma } from "../db/client";
import { AppError } from "../errors/app-error";
import { rethrowUniqueAsConflict } from "../db/unique-violation";
import { compileSegmentQueries, prepareSegmentQuery } from "./evaluate-segment";
import { recordSegmentSize } from "./record-segment-sizes";
import type { TRules } from "./rules";
import type { TCreateSegment, TUpdateSegment } from "./schemas";

type TTx = Prisma.TransactionClient;

function nameTaken(e: unknown, name: string | undefined): never {
  rethrowUniqueAsConflict(e, `A segment named "${name}" already exists for this bot. Choose another name.`);
}

async function freeze(tx: TTx, segmentId: string, where: Prisma.Sql): Promise<number> {
  await tx.$executeRaw`DELETE FROM "SegmentMember" WHERE "segmentId" = ${segmentId}`;
  return tx.$executeRaw`
    INSERT INTO "SegmentMember" ("segmentId", "telegramUserId")
    SELECT ${segmentId}, f."userId" FROM "SegmentUser" f WHERE ${where}`;
}

async function countUsers(tx: TTx, countSql: Prisma.Sql): Promise<number> {
  await prepareSegmentQuery(tx);
  const rows = await tx.$queryRaw<{ n: number }[]>(countSql);
  return rows[0]?.n ?? 0;
}

export async function createSegment(input: TCreateSegment, staffId: string | null) {
  const bot = await db().bot.findUnique({ where: { id: input.botId }, select: { id: true } });
  if (!bot) throw new AppError("INVALID_INPUT", "botId: there is no such bot.");
  const now = new Date();
  const { where, count: countSql } = await compileSegmentQueries(undefined, input.rules, input.botId, now);
  try {
    return await db().$transaction(
      async (tx) => {
        const segment = await tx.segment.create({
          data: {
            botId: input.botId,
            name: input.name,
            description: input.description || null,
            kind: input.kind,
            rules: input.rules as Prisma.InputJsonValue,
            createdById: staffId,
            frozenAt: input.kind === "STATIC" ? now : null,
          },
        });
        const count = input.kind === "STATIC" ? await freeze(tx, segment.id, where) : await countUsers(tx, countSql);
        return recordSegmentSize(tx, segment.id, count, now);
      },
      { timeout: 120_000 },
    );
  } catch (e) {
    nameTaken(e, input.name);
  }
}

export async function updateSegment(segmentId: string, input: TUpdateSegment) {
  const current = await db().segment.findUnique({ where: { id: segmentId } });
  if (!current) throw new AppError("NOT_FOUND", "This segment does not exist (it may have been deleted).");
  if (input.refreeze && current.kind !== "STATIC") throw new AppError("INVALID_INPUT", "refreeze: only a static segment can be frozen again.");
  const now = new Date();
  const rules = (input.rules ?? current.rules) as TRules;
  const name = input.name ?? current.name;
  // Compiling with `self` refuses a reference back to this segment, directly or through others.
  const { where, count: countSql } = await compileSegmentQueries(undefined, rules, current.botId, now, { id: current.id, name });
  try {
    return await db().$transaction(
      async (tx) => {
        let count: number | undefined;
        if (current.kind === "STATIC" && input.refreeze) count = await freeze(tx, current.id, where);
        else if (current.kind === "DYNAMIC" && input.rules) count = await countUsers(tx, countSql);
        if (count !== undefined) await recordSegmentSize(tx, current.id, count, now);
        return tx.segment.update({
          where: { id: current.id },
          data: {
            name: input.name,
            description: input.description === undefined ? undefined : input.description || null,
            rules: input.rules ? (input.rules as Prisma.InputJsonValue) : undefined,
            frozenAt: input.refreeze ? now : undefined,
          },
        });
      },
      { timeout: 120_000 },
    );
  } catch (e) {
    nameTaken(e, input.name);
  }
}
