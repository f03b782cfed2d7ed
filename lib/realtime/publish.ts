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
  // A transaction client also has $transaction (nested = savepoint); only the root client has $connect.
  if ("$connect" in tx) {
    // Outside a transaction: make one, so the xid-before-id rule below holds.
    return (tx as TDb).$transaction((inner) => insertAndNotify(inner, event));
  }
  return insertAndNotify(tx, event);
}

async function insertAndNotify(tx: Prisma.TransactionClient, event: TPublishInboxEvent): Promise<bigint> {
  const payload = JSON.stringify(event.payload ?? {}, jsonReplacer);
  // The listener delivers ids in order and must tell an id whose transaction is still
  // running from one that was rolled back. It can, because every transaction that takes
  // an InboxEvent id already has its transaction id (so it shows in pg_current_snapshot()
  // while it runs). A no-op when the transaction has already written something.
  await tx.$queryRaw`SELECT pg_current_xact_id()::text AS xid`;
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
