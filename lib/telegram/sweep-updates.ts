// Safety net: re-queue stored updates whose processing job was lost (e.g. the
// process died between storing the update and enqueuing its job).
import { db } from "../db/client";
import { enqueue } from "../jobs/enqueue";
import { log } from "../log";

export async function sweepUnprocessedUpdates(olderThanSeconds = 60): Promise<number> {
  const stale = await db().telegramUpdate.findMany({
    where: { processedAt: null, receivedAt: { lt: new Date(Date.now() - olderThanSeconds * 1000) } },
    select: { id: true },
    orderBy: { id: "asc" },
    take: 1000,
  });
  for (const row of stale) {
    await enqueue("telegram.process-update", { updateRowId: row.id.toString() }, { singletonKey: `sweep-${row.id}` });
  }
  if (stale.length > 0) log.info("re-queued unprocessed updates", { count: stale.length });
  return stale.length;
}
