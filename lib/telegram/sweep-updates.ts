// Safety net: re-queue stored updates whose processing job was lost (e.g. the
// process died between storing the update and enqueuing its job). An update
// whose job is still waiting or running is left alone, so a long backlog does
// not pile up duplicate jobs.
import { db } from "../db/client";
import { enqueue } from "../jobs/enqueue";
import { log } from "../log";

export async function sweepUnprocessedUpdates(olderThanSeconds = 60): Promise<number> {
  const stale = await db().$queryRaw<{ id: bigint }[]>`
    SELECT u.id FROM "TelegramUpdate" u
    WHERE u."processedAt" IS NULL
      AND u."receivedAt" < ${new Date(Date.now() - olderThanSeconds * 1000)}
      AND u.id::text NOT IN (
        SELECT j.data->>'updateRowId' FROM pgboss.job j
        WHERE j.name = 'telegram.process-update' AND j.state < 'completed' AND j.data ? 'updateRowId'
      )
    ORDER BY u.id
    LIMIT 1000`;
  for (const row of stale) {
    await enqueue("telegram.process-update", { updateRowId: row.id.toString() }, { singletonKey: `sweep-${row.id}` });
  }
  if (stale.length > 0) log.info("re-queued unprocessed updates", { count: stale.length });
  return stale.length;
}
