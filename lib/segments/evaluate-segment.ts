// Count and sample the users a rule tree selects. Both run in one read-only
// REPEATABLE READ transaction with the same `now`, so the count and the sample always
// describe the same set.
import { db, Prisma } from "../db/client";
import { compileRules, type TCompileContext } from "./compile-rules";
import { getLifecycleSettings } from "./lifecycle";
import { loadSegmentRef } from "./load-segment";
import type { TRuleNode, TRules } from "./rules";

export type TEvaluateOptions = {
  botId: string;
  now?: Date;
  /** How many matching users to return (0: count only). */
  sample?: number;
  /** The stored segment these rules belong to (a reference back to it is refused). */
  self?: { id: string; name: string };
  /** Cancels the statements when the caller goes away (e.g. a newer request from the builder). */
  signal?: AbortSignal;
};

export type TSegmentSampleRow = {
  id: string;
  telegramId: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
  source: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  blockedAt: Date | null;
};

export type TSegmentEvaluation = { count: number; sample: TSegmentSampleRow[]; now: Date; ms: number };

/**
 * Whether the tree reads other tables (tags, events, other segments). Their sets are
 * hashed once per process running the query: with parallel workers on a small machine
 * every worker rebuilds them, which costs more than it saves, so such queries run serially.
 */
export function readsOtherTables(node: TRuleNode): boolean {
  if (node.type === "group") return node.children.some(readsOtherTables);
  return node.type === "tag" || node.type === "event" || node.type === "value" || node.type === "segment";
}

/** Settings of the transaction that evaluates a segment. */
export async function prepareSegmentQuery(tx: Prisma.TransactionClient, rules: TRuleNode): Promise<void> {
  // Hashed subplans (IN under OR / NOT) must fit in memory to stay one pass over the set.
  await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
  if (readsOtherTables(rules)) await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
}

/** Everything compileRules needs, with settings and segment lookup from the database. */
export async function compileContext(botId: string, now: Date, self?: { id: string; name: string }): Promise<TCompileContext> {
  return { botId, now, lifecycle: await getLifecycleSettings(), loadSegment: (id) => loadSegmentRef(botId, id), self };
}

/** The WHERE clause of a segment's users: the bot's users matching the rules. */
export async function segmentWhere(rules: TRules, ctx: TCompileContext): Promise<Prisma.Sql> {
  return Prisma.sql`u."botId" = ${ctx.botId} AND ${await compileRules(rules, ctx)}`;
}

export async function evaluateSegment(rules: TRules, opts: TEvaluateOptions): Promise<TSegmentEvaluation> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const where = await segmentWhere(rules, await compileContext(opts.botId, now, opts.self));
  const sampleSize = opts.sample ?? 0;
  const [count, sample] = await db().$transaction(
    async (tx) => {
      await prepareSegmentQuery(tx, rules);
      const counted = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "TelegramUser" u WHERE ${where}`;
      const rows =
        sampleSize > 0
          ? await tx.$queryRaw<(Omit<TSegmentSampleRow, "telegramId"> & { telegramId: bigint })[]>`
              SELECT u."id", u."telegramId", u."firstName", u."lastName", u."username", u."languageCode", u."source",
                     u."firstSeenAt", u."lastSeenAt", u."blockedAt"
              FROM "TelegramUser" u WHERE ${where}
              ORDER BY u."lastSeenAt" DESC, u."id" LIMIT ${sampleSize}`
          : [];
      return [counted[0]?.n ?? 0, rows.map((r) => ({ ...r, telegramId: r.telegramId.toString() }))] as const;
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 60_000, maxWait: 10_000 },
  );
  return { count, sample, now, ms: performance.now() - started };
}

/** Ids of every user the rules select (for freezing a static segment, exports, campaigns). */
export async function segmentUserIdsSql(rules: TRules, ctx: TCompileContext): Promise<Prisma.Sql> {
  return Prisma.sql`SELECT u."id" FROM "TelegramUser" u WHERE ${await segmentWhere(rules, ctx)}`;
}
