// Bot API basics and the update flow: getMe, auth, /start updates, offsets, long polling.
import { Api, Bot } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, eventually, newBot, rawCall, sleep, startHarness, startedUser, type Harness } from "./helpers";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ limits: { enabled: false } });
});

afterAll(async () => {
  await h.close();
});

describe("the Bot API front door", () => {
  it("getMe returns the bot user for a valid token", async () => {
    const { bot, api } = await newBot(h, { first_name: "Shop Bot" });
    const me = await api.getMe();
    expect(me).toMatchObject({ id: bot.id, is_bot: true, first_name: "Shop Bot", username: bot.username });
    expect(bot.token.startsWith(`${bot.id}:`)).toBe(true);
  });

  it("answers 401 Unauthorized for a token no bot has", async () => {
    const api = new Api("123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { apiRoot: h.emulator.url });
    const error = await apiError(api.getMe());
    expect(error.error_code).toBe(401);
    expect(error.description).toBe("Unauthorized");
  });

  it("answers 401 (not a crash) for a token segment that is not valid percent-encoding", async () => {
    const res = await fetch(`${h.emulator.url}/bot%E0%A4%A/getMe`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
  });

  it("answers 404 Not Found for an unknown method", async () => {
    const { bot } = await newBot(h);
    const res = await rawCall(h, bot.token, "sendHologram", { chat_id: 1 });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ok: false, error_code: 404, description: "Not Found" });
  });

  it("treats method names case-insensitively and accepts GET with a query string", async () => {
    const { bot } = await newBot(h);
    const res = await fetch(`${h.emulator.url}/bot${bot.token}/GETME`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, result: { id: bot.id } });
  });

  it("uses a token given at creation and derives the bot id from it", async () => {
    const token = "555000111:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi";
    const { bot, api } = await newBot(h, { token });
    expect(bot.id).toBe(555000111);
    expect(bot.token).toBe(token);
    expect((await api.getMe()).id).toBe(555000111);
  });
});

describe("updates from simulated users", () => {
  it("/start with a deep-link payload arrives as a message with a bot_command entity", async () => {
    const { bot, api } = await newBot(h);
    const user = await h.control.createUser({ first_name: "Grace", last_name: "Hopper", username: "grace_h", language_code: "en" });
    const result = await h.control.start(user.id, { bot_id: bot.id, payload: "src_ads1" });

    const updates = await api.getUpdates();
    expect(updates).toHaveLength(1);
    const [update] = updates;
    expect(update?.update_id).toBe(result.update_id);
    expect(update?.message).toMatchObject({
      message_id: result.message_id,
      text: "/start src_ads1",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
      from: { id: user.id, is_bot: false, first_name: "Grace", last_name: "Hopper", username: "grace_h", language_code: "en" },
      chat: { id: user.id, type: "private", first_name: "Grace", last_name: "Hopper", username: "grace_h" },
    });
    expect(Math.abs((update?.message?.date ?? 0) - Date.now() / 1000)).toBeLessThan(5);
  });

  it("plain /start has no payload, and later messages get their own entities", async () => {
    const { bot, api } = await newBot(h);
    const user = await h.control.createUser({ first_name: "Ann" });
    await h.control.start(user.id, { bot_id: bot.id });
    await h.control.message(user.id, { bot_id: bot.id, text: "/help@" + bot.username + " now" });
    await h.control.message(user.id, { bot_id: bot.id, text: "just text" });

    const messages = (await api.getUpdates()).map((u) => u.message);
    expect(messages.map((m) => m?.text)).toEqual(["/start", `/help@${bot.username} now`, "just text"]);
    expect(messages[1]?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 + bot.username.length }]);
    expect(messages[2]?.entities).toBeUndefined();
    // message ids grow per chat
    expect(messages.map((m) => m?.message_id)).toEqual([1, 2, 3]);
  });

  it("unconfirmed updates are returned again; a positive offset confirms everything before it", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id, { silent: false });
    await h.control.message(user.id, { bot_id: bot.id, text: "one" });
    await h.control.message(user.id, { bot_id: bot.id, text: "two" });

    const first = await api.getUpdates();
    expect(first).toHaveLength(3);
    expect(await api.getUpdates()).toEqual(first);
    const ids = first.map((u) => u.update_id);
    expect(ids).toEqual([ids[0], (ids[0] ?? 0) + 1, (ids[0] ?? 0) + 2]);

    const rest = await api.getUpdates({ offset: (ids[1] ?? 0) });
    expect(rest.map((u) => u.message?.text)).toEqual(["one", "two"]);
    expect(await api.getUpdates({ offset: (ids[2] ?? 0) + 1 })).toEqual([]);
    expect(await h.control.pendingUpdates(bot.id)).toEqual([]);
  });

  it("limit caps the batch and a negative offset keeps only the newest updates", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    for (const text of ["a", "b", "c", "d"]) await h.control.message(user.id, { bot_id: bot.id, text });

    expect((await api.getUpdates({ limit: 2 })).map((u) => u.message?.text)).toEqual(["a", "b"]);
    expect((await api.getUpdates({ offset: -1 })).map((u) => u.message?.text)).toEqual(["d"]);
    expect((await h.control.pendingUpdates(bot.id)).map((u) => u.message?.text)).toEqual(["d"]);
  });

  it("first_update_id makes the bot's update ids start there", async () => {
    const { bot, api } = await newBot(h, { first_update_id: 987_654 });
    const user = await startedUser(h, bot.id, { silent: false });
    const sent = await h.control.message(user.id, { bot_id: bot.id, text: "hi" });
    expect(sent.update_id).toBe(987_655);
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual([987_654, 987_655]);
  });

  it("rejects a first_update_id that is not a positive integer", async () => {
    await expect(h.control.createBot({ username: "bad_first_update_bot", first_update_id: 0 })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("allowed_updates filters what is queued from then on", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await api.getUpdates({ allowed_updates: ["callback_query"] });
    const result = await h.control.message(user.id, { bot_id: bot.id, text: "filtered out" });
    expect(result.update_id).toBeNull();
    expect(await api.getUpdates()).toEqual([]);

    await api.getUpdates({ allowed_updates: [] });
    expect((await h.control.message(user.id, { bot_id: bot.id, text: "back" })).update_id).not.toBeNull();
    expect((await api.getUpdates()).map((u) => u.message?.text)).toEqual(["back"]);
  });

  it("block and unblock produce my_chat_member updates; /start after a block unblocks first", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const blocked = await h.control.block(user.id, bot.id);
    expect(blocked.changed).toBe(true);
    expect((await h.control.block(user.id, bot.id)).changed).toBe(false);
    await h.control.start(user.id, { bot_id: bot.id, payload: "again" });

    const updates = await api.getUpdates();
    expect(updates.map((u) => Object.keys(u).filter((k) => k !== "update_id")[0])).toEqual([
      "my_chat_member",
      "my_chat_member",
      "message",
    ]);
    expect(updates[0]?.my_chat_member).toMatchObject({
      chat: { id: user.id, type: "private" },
      from: { id: user.id },
      old_chat_member: { status: "member", user: { id: bot.id, is_bot: true } },
      new_chat_member: { status: "kicked", until_date: 0, user: { id: bot.id } },
    });
    expect(updates[1]?.my_chat_member?.new_chat_member.status).toBe("member");
    expect(updates[2]?.message?.text).toBe("/start again");
  });

  it("a silent start creates the chat without queueing an update", async () => {
    const { bot, api } = await newBot(h);
    const user = await h.control.createUser({ first_name: "Quiet" });
    expect(await h.control.start(user.id, { bot_id: bot.id, silent: true })).toEqual({ update_id: null });
    expect(await api.getUpdates()).toEqual([]);
    await expect(api.sendMessage(user.id, "still reachable")).resolves.toMatchObject({ chat: { id: user.id } });
  });
});

describe("long polling", () => {
  it("waits for an update and returns as soon as one arrives", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const started = performance.now();
    const poll = api.getUpdates({ timeout: 10 });
    await sleep(150);
    await h.control.message(user.id, { bot_id: bot.id, text: "wake up" });
    const updates = await poll;
    const elapsed = performance.now() - started;
    expect(updates.map((u) => u.message?.text)).toEqual(["wake up"]);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(3000);
  });

  it("returns an empty list when the timeout passes without updates", async () => {
    const { api } = await newBot(h);
    const started = performance.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("a second getUpdates terminates the waiting one with 409 Conflict", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const first = apiError(api.getUpdates({ timeout: 10 }));
    await sleep(50);
    const second = api.getUpdates({ timeout: 10 });
    const error = await first;
    expect(error.error_code).toBe(409);
    expect(error.description).toBe(
      "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    );
    await h.control.message(user.id, { bot_id: bot.id, text: "for the second poller" });
    expect((await second).map((u) => u.message?.text)).toEqual(["for the second poller"]);
  });

  it("a real grammY Bot receives /start by long polling and its reply is recorded", async () => {
    const { bot: view } = await newBot(h);
    const bot = new Bot(view.token, { client: { apiRoot: h.emulator.url } });
    const seen: string[] = [];
    bot.command("start", async (ctx) => {
      seen.push(ctx.match);
      await ctx.reply(`Welcome! source=${ctx.match}`);
    });
    const user = await h.control.createUser({ first_name: "Polly" });
    await h.control.start(user.id, { bot_id: view.id, payload: "src_ads1" });

    const running = bot.start({ timeout: 1 });
    try {
      const sent = await eventually(async () => {
        const list = await h.control.sent(view.id, user.id);
        return list.length > 0 ? list : undefined;
      });
      expect(seen).toEqual(["src_ads1"]);
      expect(sent).toMatchObject([{ method: "sendMessage", text: "Welcome! source=src_ads1", chat_id: user.id }]);
    } finally {
      await bot.stop();
      await running;
    }
    // bot.stop() confirmed the handled update.
    expect(await h.control.pendingUpdates(view.id)).toEqual([]);
  });
});
