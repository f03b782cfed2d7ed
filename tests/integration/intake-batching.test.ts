// Intake stores updates in batches: the poller's getUpdates batches (storeUpdates)
// and concurrent webhook deliveries (storeUpdate, group-commit style). Batches keep
// the guarantees of one-at-a-time storing: once per update_id, a job for every new
// row and none for duplicates, the batch's order, malformed entries dropped.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { useTestDatabase, messageUpdate, createBotRow } from "./helpers";
import { db } from "@/lib/db/client";
import { storeUpdate, storeUpdates } from "@/lib/telegram/store-update";
import { processUpdate } from "@/lib/telegram/process-update";
import { startPoller, type TPoller } from "@/lib/telegram/poller";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl } from "@/lib/emulator/client";

useTestDatabase();

async function jobRowIds(): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT data->>'updateRowId' AS id FROM pgboss.job WHERE name = 'telegram.process-update' ORDER BY created_on, id`;
  return rows.map((r) => r.id);
}

describe("storeUpdates (a getUpdates batch)", () => {
  let botId = "";
  beforeAll(async () => {
    botId = (await createBotRow("3")).id;
  });

  it("stores each update once, in order, with one job per new row", async () => {
    const results = await storeUpdates(botId, [
      messageUpdate(300, 701, "/start src_a"),
      messageUpdate(301, 702, "hello"),
      messageUpdate(300, 701, "/start src_a"),
      { no: "update id" },
      messageUpdate(302, 701, "second"),
    ]);
    expect(results.map((r) => (r.stored ? "stored" : r.reason))).toEqual(["stored", "stored", "duplicate", "malformed", "stored"]);
    const rows = await db().telegramUpdate.findMany({ where: { botId }, orderBy: { id: "asc" }, select: { id: true, updateId: true, kind: true } });
    expect(rows.map((r) => r.updateId)).toEqual([300n, 301n, 302n]);
    expect(rows.every((r) => r.kind === "message")).toBe(true);
    const storedIds = results.flatMap((r) => (r.stored ? [r.id] : []));
    expect(storedIds).toEqual(rows.map((r) => r.id.toString()));
    expect((await jobRowIds()).sort()).toEqual([...storedIds].sort());

    const again = await storeUpdates(botId, [messageUpdate(301, 702, "hello"), messageUpdate(303, 702, "more")]);
    expect(again.map((r) => (r.stored ? "stored" : r.reason))).toEqual(["duplicate", "stored"]);
    expect(await db().telegramUpdate.count({ where: { botId } })).toBe(4);
    expect(await jobRowIds()).toHaveLength(4);

    const first = results[0];
    if (!first?.stored) throw new Error("not stored");
    expect((await processUpdate(first.id)).status).toBe("done");
    const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId, telegramId: 701n } } });
    expect(user.source).toBe("src_a");
  });

  it("does nothing for an empty or all-malformed batch", async () => {
    expect(await storeUpdates(botId, [])).toEqual([]);
    expect(await storeUpdates(botId, [null, { update_id: -1 }])).toEqual([
      { stored: false, reason: "malformed" },
      { stored: false, reason: "malformed" },
    ]);
  });
});

describe("storeUpdate under concurrency (webhook)", () => {
  it("stores concurrent deliveries once each, across bots, and answers every caller", async () => {
    const [a, b] = [(await createBotRow("4")).id, (await createBotRow("5")).id];
    const before = (await jobRowIds()).length;
    const calls = Array.from({ length: 60 }, (_, i) => ({ botId: i % 2 ? a : b, update: messageUpdate(500 + (i % 40), 800 + i, `m${i}`) }));
    const results = await Promise.all(calls.map((c) => storeUpdate(c.botId, c.update)));
    // update_ids 500..539 for each bot: the first 40 calls are new, the last 20 repeat 500..519.
    const stored = results.filter((r) => r.stored).length;
    expect(stored).toBe(40);
    expect(results.filter((r) => !r.stored && r.reason === "duplicate")).toHaveLength(20);
    expect(await db().telegramUpdate.count({ where: { botId: { in: [a, b] } } })).toBe(40);
    expect((await jobRowIds()).length - before).toBe(40);
    expect(await storeUpdate(a, { update_id: "x" })).toEqual({ stored: false, reason: "malformed" });
  });
});

describe("poller against the emulator", () => {
  let emulator: RunningEmulator;
  let poller: TPoller | null = null;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await poller?.stop();
    await emulator.close();
  });

  it("stores a backlog of several getUpdates batches once and confirms it", async () => {
    const control = new EmulatorControl(emulator.url);
    const emu = await control.createBot({ username: "poll_batch_bot" });
    const [user] = await control.createUsers([{ first_name: "Poll" }]);
    if (!user) throw new Error("no user");
    await control.start(user.id, { bot_id: emu.id, payload: "src_poll" });
    await control.batch(Array.from({ length: 249 }, (_, i) => ({ type: "message" as const, user_id: user.id, bot_id: emu.id, text: `m${i}` })));
    const bot = await db().bot.create({
      data: { telegramId: BigInt(emu.id), username: emu.username, name: "Poll", token: emu.token, apiRoot: emulator.url, updateMode: "POLLING", webhookSecret: "secret-poll-0123456789" },
    });
    poller = await startPoller(bot.id);
    expect(poller).not.toBeNull();
    await expect.poll(() => db().telegramUpdate.count({ where: { botId: bot.id } }), { timeout: 20_000 }).toBe(250);
    await expect.poll(async () => (await control.pendingUpdates(emu.id)).length, { timeout: 20_000 }).toBe(0);
    const ids = (await db().telegramUpdate.findMany({ where: { botId: bot.id }, orderBy: { id: "asc" }, select: { updateId: true } })).map((r) => r.updateId);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(250);
  });
});
