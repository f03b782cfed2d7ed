import { describe, it, expect } from "vitest";
import { useTestDatabase, messageUpdate, createBotRow } from "./helpers";
import { db } from "@/lib/db/client";
import { storeUpdate } from "@/lib/telegram/store-update";
import { sweepUnprocessedUpdates } from "@/lib/telegram/sweep-updates";

useTestDatabase();

const liveJobs = async (rowId: string) => {
  const rows = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'telegram.process-update' AND state < 'completed' AND data->>'updateRowId' = ${rowId}`;
  return Number(rows[0]!.n);
};

describe("sweeper of unprocessed updates", () => {
  it("leaves updates whose job is still queued, and re-queues only those whose job was lost, once", async () => {
    const bot = await createBotRow("7");
    const queued = await storeUpdate(bot.id, messageUpdate(1, 901, "still queued"));
    const lost = await storeUpdate(bot.id, messageUpdate(2, 902, "job lost"));
    if (!queued.stored || !lost.stored) throw new Error("not stored");
    // Both are old enough to be looked at.
    await db().telegramUpdate.updateMany({ data: { receivedAt: new Date(Date.now() - 5 * 60_000) } });
    await db().$executeRaw`DELETE FROM pgboss.job WHERE name = 'telegram.process-update' AND data->>'updateRowId' = ${lost.id}`;
    expect(await liveJobs(queued.id)).toBe(1);
    expect(await liveJobs(lost.id)).toBe(0);

    expect(await sweepUnprocessedUpdates()).toBe(1);
    expect(await liveJobs(queued.id)).toBe(1);
    expect(await liveJobs(lost.id)).toBe(1);
    // A second sweep finds nothing new to do.
    expect(await sweepUnprocessedUpdates()).toBe(0);
    expect(await liveJobs(lost.id)).toBe(1);
  });
});
