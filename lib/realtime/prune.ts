// InboxEvent rows exist for replay after a reconnect; a day of them is plenty.
// A console whose cursor is older than the oldest kept row is told to resync.
// (createdAt is a UTC timestamp without time zone, like every Prisma DateTime.)
import { db } from "../db/client";

export const INBOX_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;
const BATCH = 10_000;

/** Deletes InboxEvent rows older than the retention, in batches. Returns how many. */
export async function pruneInboxEvents(now = new Date(), retentionMs = INBOX_EVENT_RETENTION_MS): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionMs);
  let total = 0;
  for (;;) {
    const deleted = await db().$executeRaw`
      DELETE FROM "InboxEvent" WHERE "id" IN (
        SELECT "id" FROM "InboxEvent" WHERE "createdAt" < (${cutoff.toISOString()}::timestamptz AT TIME ZONE 'UTC') ORDER BY "id" LIMIT ${BATCH}
      )`;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
