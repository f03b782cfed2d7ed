// Intake step 1: persist a raw update exactly once per (bot, update_id), then
// queue its processing. Fast: one insert and one queue insert per batch — a
// getUpdates batch, or the webhook requests that arrive while a write is in flight.
import { db } from "../db/client";
import { updateKind } from "./parse-update";
import { getBoss } from "../jobs/boss";
import { JOB_SCHEMAS } from "../jobs/schemas";
import { log } from "../log";

export type TStoreResult = { stored: true; id: string } | { stored: false; reason: "duplicate" | "malformed" };

type TChecked = { ok: true; updateId: number; kind: string; record: Record<string, unknown> } | { ok: false };

function check(botId: string, raw: unknown): TChecked {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    log.warn("intake: dropped a malformed update (not an object)", { botId });
    return { ok: false };
  }
  const record = raw as Record<string, unknown>;
  const updateId = record.update_id;
  if (typeof updateId !== "number" || !Number.isSafeInteger(updateId) || updateId < 0) {
    log.warn("intake: dropped a malformed update (no valid update_id)", { botId });
    return { ok: false };
  }
  return { ok: true, updateId, kind: updateKind(record), record };
}

type TPending = { botId: string; raw: unknown; resolve: (r: TStoreResult) => void; reject: (e: unknown) => void };

/** Updates stored together at most (one INSERT, one queue insert). */
const MAX_BATCH = 100;
let waiting: TPending[] = [];
let flushing = false;

/**
 * One update (webhook). Concurrent calls are stored together, like a group commit:
 * the first call is written at once; calls arriving while that write is in flight
 * wait for it and then go in the next batch. Nothing waits on a timer.
 */
export function storeUpdate(botId: string, raw: unknown): Promise<TStoreResult> {
  return new Promise<TStoreResult>((resolve, reject) => {
    waiting.push({ botId, raw, resolve, reject });
    if (!flushing) void flush();
  });
}

async function flush(): Promise<void> {
  flushing = true;
  try {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_BATCH);
      waiting = waiting.slice(batch.length);
      const byBot = new Map<string, TPending[]>();
      for (const p of batch) {
        const list = byBot.get(p.botId);
        if (list) list.push(p);
        else byBot.set(p.botId, [p]);
      }
      await Promise.all(
        [...byBot].map(async ([botId, pending]) => {
          try {
            const results = await storeUpdates(botId, pending.map((p) => p.raw));
            pending.forEach((p, i) => p.resolve(results[i] ?? { stored: false, reason: "malformed" }));
          } catch (e) {
            for (const p of pending) p.reject(e);
          }
        }),
      );
    }
  } finally {
    flushing = false;
  }
}

/**
 * A batch (getUpdates): one insert for every update and one queue insert for the
 * new ones, in the batch's order. Results are in input order; an update_id that
 * occurs twice in the batch is stored once (the second is a duplicate).
 */
export async function storeUpdates(botId: string, raws: readonly unknown[]): Promise<TStoreResult[]> {
  const results: TStoreResult[] = raws.map(() => ({ stored: false, reason: "duplicate" }));
  const firstIndex = new Map<number, number>();
  const rows: { updateId: number; kind: string; payload: Record<string, unknown> }[] = [];
  raws.forEach((raw, index) => {
    const checked = check(botId, raw);
    if (!checked.ok) {
      results[index] = { stored: false, reason: "malformed" };
      return;
    }
    if (firstIndex.has(checked.updateId)) return;
    firstIndex.set(checked.updateId, index);
    rows.push({ updateId: checked.updateId, kind: checked.kind, payload: checked.record });
  });
  if (rows.length === 0) return results;
  const inserted = await db().$queryRaw<{ id: bigint; updateId: bigint }[]>`
    INSERT INTO "TelegramUpdate" ("botId", "updateId", "kind", "payload", "chatId")
    SELECT ${botId}, (u."row"->>'updateId')::bigint, u."row"->>'kind', u."row"->'payload', tagflow_update_chat(u."row"->'payload')
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS u("row", "n")
    ORDER BY u."n"
    ON CONFLICT ("botId", "updateId") DO NOTHING
    RETURNING "id", "updateId"`;
  if (inserted.length === 0) return results;
  inserted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const schema = JOB_SCHEMAS["telegram.process-update"];
  const boss = await getBoss();
  await boss.insert(
    "telegram.process-update",
    inserted.map((r) => ({ data: schema.parse({ updateRowId: r.id.toString() }) })),
  );
  for (const r of inserted) {
    const index = firstIndex.get(Number(r.updateId));
    if (index !== undefined) results[index] = { stored: true, id: r.id.toString() };
  }
  return results;
}
