// The handler child of the flows benchmark (tests/bench/flows.bench.ts): the bot's handlers
// in a process of their own, as in the worker, apart from the emulator and the orchestration.
//
//   parent → { type: "prepare", botId, updates }  stores the updates (the INSERT of storeUpdates,
//            without queueing jobs: nothing else may process them) and processes them with
//            processUpdates in the worker's batches (25 updates) and lanes (4). Not the
//            measured part; its rate is reported for information.
//   parent → { type: "answer" }  MEASURED: runs the bot's handlers on the prepared batches the
//            way the worker does (lib/jobs/registry.ts answerUpdates: the worker's lanes take
//            batches; within a batch the chats are answered at the same time, each chat's
//            updates in order; a chat handled by a person is skipped), timing every update.
//   parent → { type: "stop" }  (harness serveChild)
// The batch size and lane count are read from the job definition, so they follow the worker.
// Every statement sent to PostgreSQL during "answer" is counted by its shape (pg's
// Client.prototype.query is wrapped in this process: Prisma's driver adapter and raw SQL
// both go through it), so the report can say which statements an update costs.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { serveChild } from "./harness";
import type { TgUpdate } from "../../lib/emulator/types";

export type TPrepared = { stored: number; processed: number; failed: number; batches: number; ms: number; batchSize: number; lanes: number };
/** One statement shape: how often it ran and its mean time from the call to the result (queueing for the connection included). */
export type TStatement = { sql: string; count: number; meanMs: number };
export type TAnswered = { wallMs: number; handlerMs: number[]; cpu: NodeJS.CpuUsage; failedHandlers: number; statements: TStatement[] };

export type TFlowsChildMessage =
  | { type: "ready" }
  | ({ type: "prepared" } & TPrepared)
  | ({ type: "answered" } & TAnswered)
  | { type: "cpu"; cpu: NodeJS.CpuUsage }
  | { type: "stopped"; cpu: NodeJS.CpuUsage; maxRssMb: number }
  | { type: "failed"; error: string };

type TParentMessage = { type: "prepare"; botId: string; updates: TgUpdate[] } | { type: "answer" } | { type: "cpu" };

const send = (m: TFlowsChildMessage) => void process.send?.(m);

const statements = new Map<string, { count: number; ms: number }>();
let counting = false;

/** A statement's shape: whitespace folded, quoted identifiers unquoted, long lists cut. */
const shapeOf = (text: string) => text.replace(/\s+/g, " ").replace(/"/g, "").trim().slice(0, 140);

function countStatements(): void {
  type TQuery = (this: pg.Client, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: TQuery };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : (first as { text?: unknown } | null)?.text;
    if (!counting || typeof text !== "string") return original.apply(this, args);
    const t = performance.now();
    const key = shapeOf(text);
    const done = () => {
      const entry = statements.get(key) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += performance.now() - t;
      statements.set(key, entry);
    };
    // pg.Pool calls client.query with a callback; Prisma's transactions await the promise.
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (...cbArgs: unknown[]) => {
        done();
        return (callback as (...a: unknown[]) => unknown)(...cbArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result instanceof Promise) result.then(done, done);
    return result;
  };
}

async function main(): Promise<void> {
  countStatements();
  const { db, disconnectDb } = await import("../../lib/db/client");
  const { processUpdates } = await import("../../lib/telegram/process-update");
  const { answerUpdates } = await import("../../lib/telegram/answer-updates");
  const { updateKind } = await import("../../lib/telegram/parse-update");
  const { JOBS } = await import("../../lib/jobs/registry");
  type TProcessedRow = Awaited<ReturnType<typeof processUpdates>>[number];

  const job = JOBS.find((j) => j.name === "telegram.process-update");
  const batchSize = job?.batchSize ?? 25;
  const lanes = job?.localConcurrency ?? 4;
  let prepared: TProcessedRow[][] = [];

  /** `width` lanes take the items in order, as the queue hands batches to the worker's lanes. */
  async function inLanes<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }));
  }

  async function prepare(botId: string, updates: TgUpdate[]): Promise<TPrepared> {
    const t0 = performance.now();
    const rows = updates.map((u) => ({ updateId: u.update_id, kind: updateKind(u as unknown as Record<string, unknown>), payload: u }));
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      // storeUpdates' statement (lib/telegram/store-update.ts), without its job insert.
      const inserted = await db().$queryRaw<{ id: bigint }[]>`
        INSERT INTO "TelegramUpdate" ("botId", "updateId", "kind", "payload", "chatId")
        SELECT ${botId}, (u."row"->>'updateId')::bigint, u."row"->>'kind', u."row"->'payload', tagflow_update_chat(u."row"->'payload')
        FROM jsonb_array_elements(${JSON.stringify(part)}::jsonb) WITH ORDINALITY AS u("row", "n")
        ORDER BY u."n"
        ON CONFLICT ("botId", "updateId") DO NOTHING
        RETURNING "id"`;
      ids.push(...inserted.map((r) => r.id.toString()));
    }
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
    prepared = [];
    let failed = 0;
    await inLanes(batches, lanes, async (batch) => {
      const processed = await processUpdates(batch);
      failed += processed.filter((p) => p.result.status !== "done").length;
      prepared.push(processed);
    });
    return { stored: ids.length, processed: prepared.reduce((n, b) => n + b.length, 0), failed, batches: batches.length, ms: performance.now() - t0, batchSize, lanes };
  }

  async function answer(): Promise<TAnswered> {
    const times: number[] = [];
    let failedHandlers = 0;
    statements.clear();
    counting = true;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await inLanes(prepared, lanes, (batch) => answerUpdates(batch, { answered: (ms) => times.push(ms), failed: () => failedHandlers++ }));
    const wallMs = performance.now() - t0;
    counting = false;
    prepared = [];
    const counted = [...statements].map(([sql, e]) => ({ sql, count: e.count, meanMs: Math.round((e.ms / e.count) * 100) / 100 })).sort((a, b) => b.count - a.count);
    return { wallMs, handlerMs: times, cpu: process.cpuUsage(cpu0), failedHandlers, statements: counted };
  }

  await db().$queryRaw`SELECT 1`;
  serveChild(disconnectDb, (raw) => {
    const m = raw as TParentMessage;
    const run = async () => {
      if (m.type === "prepare") send({ type: "prepared", ...(await prepare(m.botId, m.updates)) });
      else if (m.type === "answer") send({ type: "answered", ...(await answer()) });
      else if (m.type === "cpu") send({ type: "cpu", cpu: process.cpuUsage() });
    };
    run().catch((e: unknown) => send({ type: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  });
  send({ type: "ready" });
}

main().catch((e: unknown) => {
  send({ type: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  console.error(e);
  process.exit(1);
});
