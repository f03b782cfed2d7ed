import { describe, it, expect } from "vitest";
import { useTestDatabase, messageUpdate, memberUpdate, createBotRow } from "./helpers";
import { db } from "@/lib/db/client";
import { storeUpdates } from "@/lib/telegram/store-update";
import { processUpdate, processUpdateInOrder, processUpdates } from "@/lib/telegram/process-update";

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

describe("intake of a batch of jobs", () => {
  it("applies several chats together, each in update_id order and once, when batches with jobs of the same chats run at once", async () => {
    const bot = await createBotRow("10");
    const chats = [1001, 1002, 1003, 1004, 1005];
    const updates: unknown[] = [];
    let updateId = 500;
    for (const chat of chats) updates.push(messageUpdate(updateId++, chat, "/start src_batch"));
    for (let round = 0; round < 4; round++) {
      for (const chat of chats) {
        if (round === 1 && chat % 2 === 1) updates.push(memberUpdate(updateId++, chat, "kicked"));
        else if (round === 2 && chat % 2 === 1) updates.push(memberUpdate(updateId++, chat, "member"));
        else updates.push(messageUpdate(updateId++, chat, `r${round} c${chat}`));
      }
    }
    const ids = (await storeUpdates(bot.id, updates)).map((s) => (s.stored ? s.id : ""));
    expect(ids.every(Boolean)).toBe(true);
    // Two lanes: each takes every other job, newest first, and a few of the other's.
    const a = ids.filter((_, i) => i % 2 === 0).reverse();
    const b = [...ids.filter((_, i) => i % 2 === 1), ...a.slice(0, 4)].reverse();
    const done = (await Promise.all([processUpdates(a), processUpdates(b)])).flat();
    expect(done.map((d) => d.rowId).sort()).toEqual([...ids].sort());
    expect(done.every((d) => d.result.status === "done")).toBe(true);
    expect(await db().telegramUpdate.count({ where: { botId: bot.id, processedAt: null } })).toBe(0);

    for (const chat of chats) {
      const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: bot.id, telegramId: BigInt(chat) } } });
      expect(user.source).toBe("src_batch");
      expect(user.blockedAt).toBeNull();
      const names = (await db().event.findMany({ where: { telegramUserId: user.id }, orderBy: { id: "asc" }, select: { name: true } })).map((e) => e.name);
      const middle = chat % 2 === 1 ? ["bot_blocked", "bot_unblocked"] : ["message_received", "message_received"];
      expect(names).toEqual(["message_received", "command", "start", "message_received", ...middle, "message_received"]);
      const conversation = await db().conversation.findUniqueOrThrow({ where: { botId_chatId: { botId: bot.id, chatId: BigInt(chat) } } });
      const texts = (await db().message.findMany({ where: { conversationId: conversation.id }, orderBy: { telegramMessageId: "asc" }, select: { text: true } })).map((m) => m.text);
      expect(texts).toEqual(chat % 2 === 1 ? ["/start src_batch", `r0 c${chat}`, `r3 c${chat}`] : ["/start src_batch", `r0 c${chat}`, `r1 c${chat}`, `r2 c${chat}`, `r3 c${chat}`]);
      expect(conversation.unreadCount).toBe(texts.length);
      expect(conversation.lastMessagePreview).toBe(`r3 c${chat}`);
      expect(await db().inboxEvent.count({ where: { conversationId: conversation.id, kind: "message.created" } })).toBe(texts.length);
    }
  });
  it("applies the button clicks of several chats by one statement, in order with the chats' messages, once each", async () => {
    const bot = await createBotRow("11");
    const chats = [2001, 2002, 2003, 2004];
    const click = (updateId: number, chat: number, data: string) => ({
      update_id: updateId,
      callback_query: { id: `cb${updateId}`, from: { id: chat, is_bot: false, first_name: `U${chat}`, language_code: "de" }, chat_instance: "z", data, message: { message_id: updateId, date: 1, chat: { id: chat, type: "private" } } },
    });
    const updates: unknown[] = [];
    let updateId = 900;
    // The last chat's first update is a click: its user is created by the click statement.
    for (const chat of chats) updates.push(chat === 2004 ? click(updateId++, chat, "first") : messageUpdate(updateId++, chat, "/start"));
    for (const chat of chats) updates.push(click(updateId++, chat, `a${chat}`));
    for (const chat of chats) updates.push(messageUpdate(updateId++, chat, `after c${chat}`));
    for (const chat of chats) updates.push(click(updateId++, chat, `b${chat}`));
    const ids = (await storeUpdates(bot.id, updates)).map((s) => (s.stored ? s.id : ""));
    expect(ids.every(Boolean)).toBe(true);
    // Two lanes at once, overlapping: every update once.
    const done = (await Promise.all([processUpdates(ids.slice(0, 10).reverse()), processUpdates(ids.slice(6).reverse())])).flat();
    expect(done.map((d) => d.rowId).sort()).toEqual([...ids].sort());
    expect(done.every((d) => d.result.status === "done" && d.result.telegramUserId)).toBe(true);
    expect(await db().telegramUpdate.count({ where: { botId: bot.id, processedAt: null } })).toBe(0);

    for (const chat of chats) {
      const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: bot.id, telegramId: BigInt(chat) } } });
      // The profile is the latest update's: the last click's (messages say "en", clicks "de").
      expect(user).toMatchObject({ languageCode: "de", firstName: `U${chat}` });
      const events = await db().event.findMany({ where: { telegramUserId: user.id }, orderBy: { id: "asc" }, select: { name: true, properties: true } });
      const clicks = events.filter((e) => e.name === "button_click").map((e) => e.properties);
      expect(clicks).toEqual([
        ...(chat === 2004 ? [{ data: "first", message_id: 900 + chats.indexOf(chat) }] : []),
        { data: `a${chat}`, message_id: 904 + chats.indexOf(chat) },
        { data: `b${chat}`, message_id: 912 + chats.indexOf(chat) },
      ]);
      // Each chat's updates in update_id order: click a, then the message, then click b.
      const order = events.map((e) => (e.name === "button_click" ? (e.properties as { data: string }).data : e.name));
      expect(order.slice(order.indexOf(`a${chat}`))).toEqual([`a${chat}`, "message_received", `b${chat}`]);
    }
  });
});
