// Intake step 1: persist a raw update exactly once per (bot, update_id), then
// queue its processing. Fast: one insert and one job.
import { db } from "../db/client";
import { updateKind } from "./parse-update";
import { enqueue } from "../jobs/enqueue";
import { log } from "../log";

export type TStoreResult = { stored: true; id: string } | { stored: false; reason: "duplicate" | "malformed" };

export async function storeUpdate(botId: string, raw: unknown): Promise<TStoreResult> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    log.warn("intake: dropped a malformed update (not an object)", { botId });
    return { stored: false, reason: "malformed" };
  }
  const record = raw as Record<string, unknown>;
  const updateId = record.update_id;
  if (typeof updateId !== "number" || !Number.isSafeInteger(updateId) || updateId < 0) {
    log.warn("intake: dropped a malformed update (no valid update_id)", { botId });
    return { stored: false, reason: "malformed" };
  }
  const kind = updateKind(record);
  const rows = await db().$queryRaw<{ id: bigint }[]>`
    INSERT INTO "TelegramUpdate" ("botId", "updateId", "kind", "payload")
    VALUES (${botId}, ${BigInt(updateId)}, ${kind}, ${JSON.stringify(record)}::jsonb)
    ON CONFLICT ("botId", "updateId") DO NOTHING
    RETURNING "id"`;
  const row = rows[0];
  if (!row) return { stored: false, reason: "duplicate" };
  const id = row.id.toString();
  await enqueue("telegram.process-update", { updateRowId: id });
  return { stored: true, id };
}
