// Moves a user through a flow: runs nodes one after the other along the edges until the
// flow ends or waits (a menu, a question, a delay). Only a waiting user has a FlowRun row;
// `seq` makes every move a compare-and-set, so a reply, a timeout and a click can never
// both move the same run. Node visits are written once per move (for the canvas' counts).
import type { Api } from "grammy";
import { Prisma, db } from "../../db/client";
import { enqueue } from "../../jobs/enqueue";
import { log } from "../../log";
import { TRIGGER_TYPES } from "../nodes";
import { nodeRuntime } from "../nodes/runtimes";
import { batched } from "../../db/batched";
import { USER_COLUMNS_OF_T, loadPublishedVersion, toFlowUser, type TUserRow } from "./load";
import type { TFlowUser, TLoadedVersion, TNodeResult, TResumeInput, TRunContext, TWaiting } from "./types";

/** Nodes run in one move at most (a loop without a wait stops here). */
export const MAX_STEPS_PER_MOVE = 100;

export type TFlowRunRow = {
  id: string;
  seq: number;
  nodeId: string;
  flowVersionId: number;
  waiting: TWaiting | null;
  waitUntil: Date | null;
};

export function callbackDataFor(versionId: number, nodeId: string, output: string): string {
  return `f:${versionId}:${nodeId}:${output}`;
}

export function makeContext(botId: string, chatId: number, user: TFlowUser, version: TLoadedVersion, api: Api, opts: { random?: () => number; now?: () => Date } = {}): TRunContext {
  const ctx: TRunContext = {
    botId,
    chatId,
    user,
    version,
    api,
    now: opts.now ?? (() => new Date()),
    random: opts.random ?? Math.random,
    callbackData: (nodeId, output) => callbackDataFor(ctx.version.versionId, nodeId, output),
  };
  return ctx;
}

/**
 * The user (by Telegram id), with their waiting runs in this bot ended: a new trigger or a
 * click takes over. One statement (the user's row and the cancelling UPDATE), shared by the
 * updates answered at the same moment; nothing is cancelled when the user is unknown (null).
 */
export function userTakingOver(botId: string, telegramId: number, chatId: number): Promise<TFlowUser | null> {
  return takeOver({ botId, telegramId, chatId });
}

type TTakeOver = { botId: string; telegramId: number; chatId: number };

const takeOver = batched<TTakeOver, TFlowUser | null>(async (items) => {
  const rows = await db().$queryRaw<(TUserRow & { ord: bigint; runBotId: string; runChatId: bigint })[]>`
    WITH i AS (
      SELECT * FROM unnest(${items.map((i) => i.botId)}::text[], ${items.map((i) => String(i.telegramId))}::bigint[], ${items.map((i) => String(i.chatId))}::bigint[])
        WITH ORDINALITY AS i("botId", "telegramId", "chatId", ord)
    ),
    u AS (
      SELECT i.ord, i."botId" AS "runBotId", i."chatId" AS "runChatId", ${USER_COLUMNS_OF_T}
      FROM i JOIN "TelegramUser" t ON t."botId" = i."botId" AND t."telegramId" = i."telegramId"
    ),
    cancelled AS (
      UPDATE "FlowRun" r SET "status" = 'CANCELLED', "seq" = r."seq" + 1, "updatedAt" = now()
      FROM (SELECT DISTINCT "runBotId", "runChatId" FROM u) x
      WHERE r."botId" = x."runBotId" AND r."chatId" = x."runChatId" AND r."status" IN ('WAITING_REPLY', 'WAITING_DELAY')
    )
    SELECT * FROM u`;
  const byOrd = new Map<number, TFlowUser>();
  for (const { ord, runBotId: _b, runChatId: _c, ...row } of rows) byOrd.set(Number(ord), toFlowUser(row));
  return items.map((_, index) => byOrd.get(index + 1) ?? null);
});

type TMove = { visits: { flowId: string; nodeId: string }[]; steps: number };

/**
 * Follows `output` of `fromNodeId` and runs from there. `run` is the claimed run the move
 * continues (its row is updated), or null (a row is created if the flow comes to wait).
 */
export async function followOutput(ctx: TRunContext, fromNodeId: string, output: string, run: { id: string } | null): Promise<void> {
  const move: TMove = { visits: [], steps: 0 };
  try {
    await runFrom(ctx, targetOf(ctx, fromNodeId, output), run, move);
  } finally {
    await recordVisits(ctx, move);
  }
}

/** Runs a trigger node (the flow's start), then what follows it. */
export async function startAt(ctx: TRunContext, triggerNodeId: string): Promise<void> {
  const move: TMove = { visits: [], steps: 0 };
  try {
    await runFrom(ctx, triggerNodeId, null, move);
  } finally {
    await recordVisits(ctx, move);
  }
}

/** Continues a claimed run at its node with a reply, a timeout or the end of a delay. */
export async function resumeAt(ctx: TRunContext, run: TFlowRunRow, input: TResumeInput): Promise<void> {
  const move: TMove = { visits: [], steps: 0 };
  try {
    const node = ctx.version.nodes.get(run.nodeId);
    const runtime = node ? nodeRuntime(node.type) : null;
    if (!node || !runtime?.resume) {
      log.warn("a waiting flow run points at a node that cannot resume", { runId: run.id, nodeId: run.nodeId });
      return;
    }
    const result = await runtime.resume(node.data, node, ctx, input, run.waiting ?? { tries: 0 });
    await settle(ctx, node.id, result, { id: run.id }, move, run.waitUntil);
  } finally {
    await recordVisits(ctx, move);
  }
}

function targetOf(ctx: TRunContext, nodeId: string, output: string): string | null {
  return ctx.version.edges.get(`${nodeId}\u0000${output}`) ?? null;
}

async function runFrom(ctx: TRunContext, nodeId: string | null, run: { id: string } | null, move: TMove): Promise<void> {
  let current = nodeId;
  while (current) {
    if (++move.steps > MAX_STEPS_PER_MOVE) {
      log.warn("flow stopped: too many steps without a wait", { flowId: ctx.version.flowId, nodeId: current });
      return finishRun(run);
    }
    const node = ctx.version.nodes.get(current);
    if (!node) return finishRun(run);
    move.visits.push({ flowId: ctx.version.flowId, nodeId: node.id });
    let result: TNodeResult;
    try {
      result = await nodeRuntime(node.type).run(node.data, node, ctx);
    } catch (e) {
      log.warn("flow step failed; the flow stops for this user", {
        flowId: ctx.version.flowId,
        nodeId: node.id,
        type: node.type,
        error: e instanceof Error ? e.message : String(e),
      });
      return finishRun(run);
    }
    if ("next" in result) {
      current = targetOf(ctx, node.id, result.next);
      continue;
    }
    if ("goto" in result) {
      const target = await loadPublishedVersion(ctx.botId, result.goto);
      const trigger = target?.document.nodes.find((n) => TRIGGER_TYPES.has(n.type));
      if (!target || !trigger) {
        log.warn("go-to-flow: the flow is not published", { flowId: ctx.version.flowId, target: result.goto });
        return finishRun(run);
      }
      ctx.version = target;
      current = trigger.id;
      continue;
    }
    return settle(ctx, node.id, result, run, move, null);
  }
  return finishRun(run);
}

async function settle(ctx: TRunContext, nodeId: string, result: TNodeResult, run: { id: string } | null, move: TMove, keepUntil: Date | null): Promise<void> {
  if ("next" in result || "goto" in result) {
    // A resumed node moves on: continue the same run.
    if ("next" in result) return runFrom(ctx, targetOf(ctx, nodeId, result.next), run, move);
    return runFrom(ctx, null, run, move);
  }
  if ("waitReply" in result) return waitAt(ctx, nodeId, "WAITING_REPLY", result.waitReply, result.timeoutAt ?? keepUntil, run);
  if ("waitDelay" in result) return waitAt(ctx, nodeId, "WAITING_DELAY", null, result.waitDelay, run);
  return finishRun(run);
}

/** A claimed run whose flow ended: the claim already marked it DONE. */
async function finishRun(_run: { id: string } | null): Promise<void> {}

async function waitAt(ctx: TRunContext, nodeId: string, status: "WAITING_REPLY" | "WAITING_DELAY", waiting: TWaiting | null, until: Date | null, run: { id: string } | null): Promise<void> {
  const data = {
    flowId: ctx.version.flowId,
    flowVersionId: ctx.version.versionId,
    nodeId,
    status,
    waiting: waiting ?? Prisma.DbNull,
    waitUntil: until,
  };
  const row = run
    ? await db().flowRun.update({ where: { id: run.id }, data: { ...data, seq: { increment: 1 } }, select: { id: true } })
    : await db().flowRun.create({ data: { ...data, botId: ctx.botId, telegramUserId: ctx.user.id, chatId: BigInt(ctx.chatId) }, select: { id: true } });
  if (until) await scheduleResume(row.id, until);
}

export async function scheduleResume(runId: string, until: Date): Promise<void> {
  const seconds = Math.max(0, Math.ceil((until.getTime() - Date.now()) / 1000));
  await enqueue("flows.resume", { runId }, { startAfterSeconds: seconds, singletonKey: `${runId}:${until.getTime()}` });
}

async function recordVisits(ctx: TRunContext, move: TMove): Promise<void> {
  if (move.visits.length === 0) return;
  const seen = new Set<string>();
  const rows: TVisit[] = [];
  for (const v of move.visits) {
    const key = `${v.flowId}\u0000${v.nodeId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ ...v, userId: ctx.user.id });
  }
  try {
    await insertVisits(rows);
  } catch (e) {
    log.warn("could not record flow visits", { error: e instanceof Error ? e.message : String(e) });
  }
}

type TVisit = { flowId: string; nodeId: string; userId: string };

/** The moves ending at the same moment write their visits in one statement. */
const insertVisits = batched<TVisit[], void>(async (moves) => {
  const rows = moves.flat();
  await db().$executeRaw`
    INSERT INTO "FlowNodeVisit" ("flowId", "nodeId", "day", "telegramUserId")
    SELECT f, n, CURRENT_DATE, u FROM unnest(${rows.map((r) => r.flowId)}::text[], ${rows.map((r) => r.nodeId)}::text[], ${rows.map((r) => r.userId)}::text[]) AS v(f, n, u)
    ON CONFLICT DO NOTHING`;
  return moves.map(() => undefined);
});

// ---- claims ---------------------------------------------------------------------------

const RUN_COLUMNS = Prisma.sql`"id", "seq", "nodeId", "flowVersionId", "waiting", "waitUntil", "telegramUserId", "chatId", "botId"`;
type TClaimed = TFlowRunRow & { telegramUserId: string; chatId: bigint; botId: string };

/** The user's run waiting for a reply, claimed (marked DONE, seq + 1) so nobody else moves it. */
export async function claimReplyRun(botId: string, chatId: number): Promise<TClaimed | null> {
  const rows = await db().$queryRaw<TClaimed[]>`
    UPDATE "FlowRun" SET "status" = 'DONE', "seq" = "seq" + 1, "updatedAt" = now()
    WHERE "id" = (
      SELECT "id" FROM "FlowRun" WHERE "botId" = ${botId} AND "chatId" = ${BigInt(chatId)} AND "status" = 'WAITING_REPLY'
      ORDER BY "updatedAt" DESC LIMIT 1 FOR UPDATE SKIP LOCKED
    ) AND "status" = 'WAITING_REPLY'
    RETURNING ${RUN_COLUMNS}`;
  return rows[0] ?? null;
}

/** A run whose delay or question timeout is due, claimed; null when it moved on meanwhile. */
export async function claimDueRun(runId: string): Promise<(TClaimed & { status: "WAITING_REPLY" | "WAITING_DELAY" }) | null> {
  const rows = await db().$queryRaw<(TClaimed & { status: "WAITING_REPLY" | "WAITING_DELAY" })[]>`
    WITH due AS (
      SELECT "id", "status" FROM "FlowRun"
      WHERE "id" = ${runId} AND "status" IN ('WAITING_REPLY', 'WAITING_DELAY') AND "waitUntil" <= now()
      FOR UPDATE
    )
    UPDATE "FlowRun" r SET "status" = 'DONE', "seq" = r."seq" + 1, "updatedAt" = now()
    FROM due WHERE r."id" = due."id"
    RETURNING r."id", r."seq", r."nodeId", r."flowVersionId", r."waiting", r."waitUntil", r."telegramUserId", r."chatId", r."botId", due."status"::text AS "status"`;
  return rows[0] ?? null;
}
