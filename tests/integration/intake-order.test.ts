import { describe, it, expect } from "vitest";
import { useTestDatabase, messageUpdate, memberUpdate, createBotRow } from "./helpers";
import { db } from "@/lib/db/client";
import { storeUpdates } from "@/lib/telegram/store-update";
import { processUpdate, processUpdateInOrder } from "@/lib/telegram/process-update";

useTestDatabase();

describe("intake order within a chat", () => {
  it("processing a later update first applies the chat's earlier ones, in update_id order, once", async () => {
    const bot = await createBotRow("8");
    const stored = await storeUpdates(bot.id, [
      messageUpdate(10, 801, "/start src_order"),
      memberUpdate(11, 801, "kicked"),
      memberUpdate(12, 801, "member"),
      messageUpdate(13, 801, "third"),
      messageUpdate(14, 802, "another chat"),
    ]);
    const ids = stored.map((s) => (s.stored ? s.id : ""));
    expect(ids.every(Boolean)).toBe(true);
    const rows = await db().telegramUpdate.findMany({ where: { botId: bot.id }, orderBy: { updateId: "asc" }, select: { chatId: true } });
    expect(rows.map((r) => r.chatId)).toEqual([801n, 801n, 801n, 801n, 802n]);

    // The job of update 13 runs first (another lane was slower): it applies 10, 11, 12, 13.
    const done = await processUpdateInOrder(ids[3]!);
    expect(done.map((d) => d.rowId)).toEqual(ids.slice(0, 4));
    expect(done.every((d) => d.result.status === "done")).toBe(true);
    // The other chat is untouched; the earlier jobs find nothing left to do.
    expect(await db().telegramUpdate.count({ where: { botId: bot.id, processedAt: null } })).toBe(1);
    expect((await processUpdate(ids[0]!)).status).toBe("skipped");

    const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: bot.id, telegramId: 801n } } });
    expect(user.blockedAt).toBeNull(); // blocked, then unblocked: the last word wins
    expect(user.source).toBe("src_order");
    const events = await db().event.findMany({ where: { telegramUserId: user.id }, orderBy: { id: "asc" }, select: { name: true } });
    expect(events.map((e) => e.name)).toEqual(["message_received", "command", "start", "bot_blocked", "bot_unblocked", "message_received"]);
  });

  it("keeps a user's updates in order when all their jobs run at once", async () => {
    const bot = await createBotRow("9");
    const updates: unknown[] = [messageUpdate(100, 901, "/start")];
    for (let i = 0; i < 20; i++) updates.push(i % 2 === 0 ? memberUpdate(101 + i, 901, "kicked") : memberUpdate(101 + i, 901, "member"));
    updates.push(memberUpdate(121, 901, "kicked"));
    const stored = await storeUpdates(bot.id, updates);
    const ids = stored.map((s) => (s.stored ? s.id : ""));
    // Every job at once, newest first: the lock serialises the chat and the order holds.
    await Promise.all([...ids].reverse().map((id) => processUpdate(id)));
    const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: bot.id, telegramId: 901n } } });
    expect(user.blockedAt).not.toBeNull();
    const names = (await db().event.findMany({ where: { telegramUserId: user.id, name: { in: ["bot_blocked", "bot_unblocked"] } }, orderBy: { id: "asc" }, select: { name: true } })).map((e) => e.name);
    expect(names).toHaveLength(21);
    names.forEach((n, i) => expect(n).toBe(i % 2 === 0 ? "bot_blocked" : "bot_unblocked"));
  });
});
