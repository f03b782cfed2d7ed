import { describe, it, expect, beforeAll } from "vitest";
import { useTestDatabase, messageUpdate, memberUpdate, createBotRow } from "./helpers";
import { db } from "@/lib/db/client";
import { storeUpdate } from "@/lib/telegram/store-update";
import { processUpdate } from "@/lib/telegram/process-update";
import { receiveWebhook } from "@/lib/telegram/receive-webhook";

useTestDatabase();

describe("Telegram intake", () => {
  let botId = "";
  beforeAll(async () => {
    botId = (await createBotRow("1")).id;
  });

  async function storeAndProcess(update: unknown) {
    const stored = await storeUpdate(botId, update);
    if (!stored.stored) throw new Error(`not stored: ${stored.reason}`);
    return processUpdate(stored.id);
  }

  it("stores an update once even when delivered twice", async () => {
    const u = messageUpdate(100, 501, "hello");
    const first = await storeUpdate(botId, u);
    const second = await storeUpdate(botId, u);
    expect(first.stored).toBe(true);
    expect(second).toEqual({ stored: false, reason: "duplicate" });
    expect(await db().telegramUpdate.count({ where: { botId, updateId: 100n } })).toBe(1);
  });

  it("turns /start with a payload into a user with that source, a conversation, a message and events", async () => {
    const result = await storeAndProcess(messageUpdate(101, 502, "/start src_ads1"));
    expect(result.status).toBe("done");
    const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId, telegramId: 502n } } });
    expect(user.source).toBe("src_ads1");
    expect(user.firstName).toBe("User502");
    expect(user.languageCode).toBe("en");
    const events = await db().event.findMany({ where: { telegramUserId: user.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.name)).toEqual(["message_received", "command", "start"]);
    expect(events[2]!.properties).toEqual({ payload: "src_ads1", first: true });
    const messages = await db().message.findMany({ where: { conversation: { telegramUserId: user.id } } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ direction: "IN", text: "/start src_ads1", deliveryState: "RECEIVED" });
  });

  it("keeps the first source when the user starts again from another link", async () => {
    await storeAndProcess(messageUpdate(102, 502, "/start src_youtube"));
    const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId, telegramId: 502n } } });
    expect(user.source).toBe("src_ads1");
    const starts = await db().event.findMany({ where: { telegramUserId: user.id, name: "start" }, orderBy: { id: "asc" } });
    expect(starts.map((s) => s.properties)).toEqual([{ payload: "src_ads1", first: true }, { payload: "src_youtube", first: false }]);
  });

  it("never processes an update twice", async () => {
    const stored = await storeUpdate(botId, messageUpdate(103, 503, "once"));
    if (!stored.stored) throw new Error("not stored");
    expect((await processUpdate(stored.id)).status).toBe("done");
    expect((await processUpdate(stored.id)).status).toBe("skipped");
    expect(await db().message.count({ where: { text: "once" } })).toBe(1);
  });

  it("marks a user blocked on kicked and unblocked on member, with events", async () => {
    await storeAndProcess(messageUpdate(104, 504, "hi"));
    await storeAndProcess(memberUpdate(105, 504, "kicked"));
    let user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId, telegramId: 504n } } });
    expect(user.blockedAt).not.toBeNull();
    await storeAndProcess(memberUpdate(106, 504, "member"));
    user = await db().telegramUser.findUniqueOrThrow({ where: { id: user.id } });
    expect(user.blockedAt).toBeNull();
    const names = (await db().event.findMany({ where: { telegramUserId: user.id }, orderBy: { id: "asc" } })).map((e) => e.name);
    expect(names).toEqual(["message_received", "bot_blocked", "bot_unblocked"]);
  });

  it("records button clicks", async () => {
    await storeAndProcess({ update_id: 107, callback_query: { id: "c1", from: { id: 505, is_bot: false, first_name: "Bo" }, chat_instance: "z", data: "menu:news", message: { message_id: 1, date: 1, chat: { id: 505, type: "private" } } } });
    const user = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId, telegramId: 505n } } });
    const click = await db().event.findFirstOrThrow({ where: { telegramUserId: user.id, name: "button_click" } });
    expect(click.properties).toEqual({ data: "menu:news", message_id: 1 });
  });

  it("acknowledges a malformed update, logs the error and writes nothing else", async () => {
    const before = await db().telegramUser.count();
    const stored = await storeUpdate(botId, { update_id: 108, message: { message_id: "not a number", chat: { id: 1, type: "private" } } });
    if (!stored.stored) throw new Error("not stored");
    const result = await processUpdate(stored.id);
    expect(result.status).toBe("failed");
    const row = await db().telegramUpdate.findUniqueOrThrow({ where: { botId_updateId: { botId, updateId: 108n } } });
    expect(row.processedAt).not.toBeNull();
    expect(row.error).toMatch(/message\.message_id/);
    expect(await db().telegramUser.count()).toBe(before);
    expect(await storeUpdate(botId, { no: "update id" })).toEqual({ stored: false, reason: "malformed" });
  });
});

describe("webhook ingress", () => {
  let bot: Awaited<ReturnType<typeof createBotRow>>;
  beforeAll(async () => {
    bot = await createBotRow("2");
  });

  it("answers 401 to a wrong secret and stores nothing", async () => {
    const res = await receiveWebhook(bot.id, "wrong", async () => messageUpdate(900, 601, "x"));
    expect(res.status).toBe(401);
    const missing = await receiveWebhook(bot.id, null, async () => messageUpdate(900, 601, "x"));
    expect(missing.status).toBe(401);
    expect(await db().telegramUpdate.count({ where: { botId: bot.id } })).toBe(0);
  });

  it("stores an update posted twice with the right secret once", async () => {
    const u = messageUpdate(901, 602, "/start src_ads1");
    const a = await receiveWebhook(bot.id, "secret-2-0123456789", async () => u);
    const b = await receiveWebhook(bot.id, "secret-2-0123456789", async () => u);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.stored, b.body.stored]).toEqual([true, false]);
    expect(await db().telegramUpdate.count({ where: { botId: bot.id } })).toBe(1);
  });

  it("acknowledges a body that is not JSON", async () => {
    const res = await receiveWebhook(bot.id, "secret-2-0123456789", async () => {
      throw new SyntaxError("bad json");
    });
    expect(res).toEqual({ status: 200, body: { ok: true, stored: false } });
  });

  it("answers 404 for an unknown bot", async () => {
    expect((await receiveWebhook("nope", "x", async () => ({}))).status).toBe(404);
  });
});
