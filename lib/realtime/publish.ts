// Announce an inbox change to every open console. Call it inside the transaction
// that makes the change: the InboxEvent row and its NOTIFY become visible together,
// on commit, and vanish together on rollback.
import type { Prisma, TDb } from "../db/client";
import type { TInboxEventKind } from "./schemas";

export type { TInboxEventKind } from "./schemas";

/** The channel every process's listener LISTENs on; the notification carries only the event id. */
export const INBOX_CHANNEL = "tagflow_inbox";

export type TPublishInboxEvent = {
  kind: TInboxEventKind;
  conversationId?: string | null;
  payload?: Record<string, unknown>;
};

/** Keys that must never reach a browser through the stream (the payload is not filtered by role). */
const SECRET_KEYS = new Set(["passwordHash", "token", "webhookSecret"]);

export async function publishInboxEvent(tx: Prisma.TransactionClient | TDb, event: TPublishInboxEvent): Promise<bigint> {
  const payload = JSON.stringify(event.payload ?? {}, jsonReplacer);
  // One statement: the row, its id and its NOTIFY. The listener tells a missing id that
  // may still commit from one that never will by the write lock on InboxEvent that this
  // INSERT takes before it draws the id and keeps until the transaction has ended.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH ins AS (
      INSERT INTO "InboxEvent" ("kind", "conversationId", "payload", "createdAt")
      VALUES (${event.kind}, ${event.conversationId ?? null}, ${payload}::jsonb, now() AT TIME ZONE 'UTC')
      RETURNING "id"
    )
    SELECT "id"::text AS id, pg_notify(${INBOX_CHANNEL}, "id"::text)::text AS notified FROM ins`;
  const id = rows[0]?.id;
  if (!id) throw new Error("InboxEvent insert returned no id");
  return BigInt(id);
}

function jsonReplacer(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key)) throw new Error(`publishInboxEvent: the payload must not contain "${key}"`);
  return typeof value === "bigint" ? value.toString() : value;
}
