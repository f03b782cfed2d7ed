// The control API used by tests and the demo crowd: validation, lookups, batch actions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorControl, EmulatorControlError } from "@/lib/emulator/client";
import { newBot, rawCall, rawControl, startHarness, startedUser, type Harness } from "./helpers";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ limits: { enabled: false } });
});

afterAll(async () => {
  await h.close();
});

async function controlError(call: Promise<unknown>): Promise<EmulatorControlError> {
  const error = await call.then(
    () => {
      throw new Error("expected the control call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmulatorControlError);
  return error as EmulatorControlError;
}

describe("basics", () => {
  it("health, and the root page lists the supported methods", async () => {
    expect(await h.control.health()).toEqual({ ok: true });
    const root = (await (await fetch(h.emulator.url)).json()) as { methods: string[]; control: string };
    expect(root.control).toBe("/control");
    expect(root.methods).toEqual(expect.arrayContaining(["getUpdates", "sendMessage", "setWebhook", "copyMessage"]));
  });

  it("createBot answers 201 with the bot view; listBots shows chats and pending updates", async () => {
    const res = await rawControl(h, "POST", "/bots", JSON.stringify({ username: "@Created_View_bot", first_name: "Viewer" }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: "Created_View_bot", first_name: "Viewer", webhook_url: null, pending_updates: 0, users: 0 });
    const id = res.body.id as number;
    const user = await h.control.createUser({ first_name: "Counted" });
    await h.control.start(user.id, { bot_id: id });
    expect((await h.control.listBots()).find((b) => b.id === id)).toMatchObject({ pending_updates: 1, users: 1 });
  });

  it("createUsers takes a list; listUsers reports deactivation", async () => {
    const users = await h.control.createUsers([
      { first_name: "One", is_premium: true, language_code: "de" },
      { first_name: "Two", username: "@two_user" },
    ]);
    expect(users).toEqual([
      { id: expect.any(Number), is_bot: false, first_name: "One", is_premium: true, language_code: "de" },
      { id: expect.any(Number), is_bot: false, first_name: "Two", username: "two_user" },
    ]);
    await h.control.deactivate(users[1]?.id ?? 0);
    const listed = await h.control.listUsers();
    expect(listed.find((u) => u.id === users[0]?.id)?.deactivated).toBe(false);
    expect(listed.find((u) => u.id === users[1]?.id)?.deactivated).toBe(true);
    expect(await h.control.deactivate(users[1]?.id ?? 0)).toEqual({ changed: false });
  });

  it("refuses duplicate usernames (case-insensitive) and duplicate bot ids", async () => {
    const { bot } = await newBot(h);
    const dup = await controlError(h.control.createBot({ username: bot.username.toUpperCase() }));
    expect(dup.status).toBe(409);
    expect(dup.message).toContain("is already taken");
    const sameId = await controlError(
      h.control.createBot({ username: "another_one_bot", token: `${bot.id}:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi` }),
    );
    expect(sameId.status).toBe(409);
    expect(sameId.message).toContain(`bot id ${bot.id} already exists`);
  });

  it("users can name the bot by token; bot_id and token must agree", async () => {
    const { bot, api } = await newBot(h);
    const other = await newBot(h);
    const user = await h.control.createUser({ first_name: "Token" });
    await h.control.start(user.id, { token: bot.token, payload: "by_token" });
    expect((await api.getUpdates())[0]?.message?.text).toBe("/start by_token");

    const mismatch = await controlError(h.control.message(user.id, { bot_id: other.bot.id, token: bot.token, text: "x" }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.message).toContain("bot_id and token disagree");
    const unknown = await controlError(h.control.message(user.id, { token: "1:nope", text: "x" }));
    expect(unknown.status).toBe(404);
  });

  it("backdates actions with an explicit date", async () => {
    const { bot, api } = await newBot(h);
    const user = await h.control.createUser({ first_name: "History" });
    const date = Math.floor(Date.now() / 1000) - 86_400;
    await h.control.start(user.id, { bot_id: bot.id, date });
    expect((await api.getUpdates())[0]?.message?.date).toBe(date);
  });

  it("inbox shows what every bot sent to a user, oldest first, optionally for one bot", async () => {
    const a = await newBot(h);
    const b = await newBot(h);
    const user = await startedUser(h, a.bot.id);
    await h.control.start(user.id, { bot_id: b.bot.id, silent: true });
    await a.api.sendMessage(user.id, "from a");
    await b.api.sendMessage(user.id, "from b");
    expect((await h.control.inbox(user.id)).map((m) => [m.bot_id, m.text])).toEqual([
      [a.bot.id, "from a"],
      [b.bot.id, "from b"],
    ]);
    expect((await h.control.inbox(user.id, b.bot.id)).map((m) => m.text)).toEqual(["from b"]);
  });

  it("sent() without a chat lists every chat of the bot", async () => {
    const { bot, api } = await newBot(h);
    const alice = await startedUser(h, bot.id);
    const bob = await startedUser(h, bot.id);
    await api.sendMessage(alice.id, "to alice");
    await api.sendMessage(bob.id, "to bob");
    expect((await h.control.sent(bot.id)).map((s) => [s.chat_id, s.text])).toEqual([
      [alice.id, "to alice"],
      [bob.id, "to bob"],
    ]);
    expect(await h.control.sent(bot.id, bob.id)).toHaveLength(1);
  });
});

describe("validation errors are 400 with a readable message", () => {
  it("names the field and the rule for a bad username", async () => {
    const error = await controlError(h.control.createBot({ username: "x" }));
    expect(error.status).toBe(400);
    expect(error.message).toBe("POST /control/bots: ✖ username: 4-32 letters, digits or _\n  → at username");
  });

  it("lists unknown keys, the missing bot reference and a bad payload together", async () => {
    const res = await rawControl(h, "POST", "/users/1/start", JSON.stringify({ payload: "has space", extra: true }));
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('Unrecognized key: "extra"');
    expect(res.body.error).toContain("payload: 1-64 of A-Z a-z 0-9 _ -");
    expect(res.body.error).toContain("bot_id (or token) is required");
    expect(Array.isArray(res.body.issues)).toBe(true);
  });

  it("refuses dates in the future", async () => {
    const { bot } = await newBot(h);
    const user = await h.control.createUser({ first_name: "Future" });
    const error = await controlError(
      h.control.start(user.id, { bot_id: bot.id, date: Math.floor(Date.now() / 1000) + 3600 }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain("date must not be in the future");
  });

  it("refuses a body that is not JSON", async () => {
    const res = await rawControl(h, "POST", "/bots", "{not json");
    expect(res).toEqual({ status: 400, body: { error: "request body is not valid JSON" } });
  });

  it("says which id in the URL is wrong", async () => {
    const path = await rawControl(h, "GET", "/bots/abc/stats");
    expect(path.status).toBe(400);
    expect(path.body.error).toBe("✖ the id in the path must be a positive integer");

    const { bot } = await newBot(h);
    const query = await rawControl(h, "GET", `/bots/${bot.id}/sent?chat_id=-5`);
    expect(query.status).toBe(400);
    expect(query.body.error).toBe("✖ chat_id must be a positive integer");
  });

  it("answers 400, not 500, for a path that is not valid percent-encoding", async () => {
    const res = await rawControl(h, "GET", "/bots/%E0%A4%A/stats");
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("not valid percent-encoding");
  });

  it("404 for unknown endpoints, bots and users; 405 for a wrong method", async () => {
    expect(await rawControl(h, "GET", "/nothing-here")).toEqual({ status: 404, body: { error: "no control endpoint /nothing-here" } });
    expect(await rawControl(h, "DELETE", "/bots")).toEqual({ status: 405, body: { error: "DELETE not allowed on /bots" } });
    const noBot = await controlError(h.control.stats(1));
    expect(noBot.status).toBe(404);
    expect(noBot.message).toBe("GET /control/bots/1/stats: bot 1 not found");
    const { bot } = await newBot(h);
    const noUser = await controlError(h.control.start(1, { bot_id: bot.id }));
    expect(noUser.status).toBe(404);
    expect(noUser.message).toContain("user 1 not found");
  });

  it("user actions that make no sense are 400 with the reason", async () => {
    const { bot } = await newBot(h);
    const user = await h.control.createUser({ first_name: "Early" });
    const notStarted = await controlError(h.control.message(user.id, { bot_id: bot.id, text: "hi" }));
    expect(notStarted.status).toBe(400);
    expect(notStarted.message).toContain(`user ${user.id} has not started bot ${bot.id}`);

    await h.control.start(user.id, { bot_id: bot.id, silent: true });
    await h.control.block(user.id, bot.id);
    const blocked = await controlError(h.control.message(user.id, { bot_id: bot.id, text: "hi" }));
    expect(blocked.message).toContain(`user ${user.id} has blocked bot ${bot.id}`);
    const noMessage = await controlError(h.control.click(user.id, { bot_id: bot.id, message_id: 99, data: "x" }));
    expect(noMessage.status).toBe(400);
  });
});

describe("batch", () => {
  it("applies actions in order and returns one result per action", async () => {
    const { bot, api } = await newBot(h);
    const [alice, bob] = await h.control.createUsers([{ first_name: "Alice" }, { first_name: "Bob" }]);
    if (!alice || !bob) throw new Error("users missing");
    const results = await h.control.batch([
      { type: "start", user_id: alice.id, bot_id: bot.id, payload: "src_ads1" },
      { type: "start", user_id: bob.id, token: bot.token },
      { type: "message", user_id: alice.id, bot_id: bot.id, text: "hello" },
      { type: "block", user_id: bob.id, bot_id: bot.id },
      { type: "unblock", user_id: bob.id, bot_id: bot.id, silent: true },
    ]);
    expect(results).toHaveLength(5);
    expect(results.slice(0, 4).map((r) => r.update_id)).toEqual(
      [0, 1, 2, 3].map((i) => (results[0]?.update_id ?? 0) + i),
    );
    expect(results[4]).toEqual({ update_id: null, changed: true });

    const updates = await api.getUpdates();
    expect(updates.map((u) => u.message?.text ?? u.my_chat_member?.new_chat_member.status)).toEqual([
      "/start src_ads1",
      "/start",
      "hello",
      "kicked",
    ]);
    // The silent unblock still changed the state: the bot can write to Bob again.
    await expect(api.sendMessage(bob.id, "hi bob")).resolves.toMatchObject({ chat: { id: bob.id } });
  });

  it("batches clicks on the bot's buttons", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "Rate us", {
      reply_markup: { inline_keyboard: [[{ text: "👍", callback_data: "up" }, { text: "👎", callback_data: "down" }]] },
    });
    const [up, down] = await h.control.batch([
      { type: "click", user_id: user.id, bot_id: bot.id, message_id: message.message_id, data: "up" },
      { type: "click", user_id: user.id, bot_id: bot.id, message_id: message.message_id, data: "down" },
    ]);
    expect(up?.callback_query_id).not.toBe(down?.callback_query_id);
    expect((await api.getUpdates()).map((u) => u.callback_query?.data)).toEqual(["up", "down"]);
    expect((await h.control.callbacks(bot.id)).map((c) => c.answered)).toEqual([false, false]);
  });

  it("stops at the first failing action, names it, and keeps what was applied before", async () => {
    const { bot } = await newBot(h);
    const [ok, late] = await h.control.createUsers([{ first_name: "Ok" }, { first_name: "Late" }]);
    if (!ok || !late) throw new Error("users missing");
    const error = await controlError(
      h.control.batch([
        { type: "start", user_id: ok.id, bot_id: bot.id },
        { type: "message", user_id: late.id, bot_id: bot.id, text: "too soon" },
        { type: "message", user_id: ok.id, bot_id: bot.id, text: "never applied" },
      ]),
    );
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      `POST /control/batch: action 1: user ${late.id} has not started bot ${bot.id} (earlier actions were applied)`,
    );
    expect((await h.control.pendingUpdates(bot.id)).map((u) => u.message?.text)).toEqual(["/start"]);
  });

  it("validates the whole batch before applying anything", async () => {
    const { bot } = await newBot(h);
    const user = await h.control.createUser({ first_name: "Valid" });
    const res = await rawControl(
      h,
      "POST",
      "/batch",
      JSON.stringify([
        { type: "start", user_id: user.id, bot_id: bot.id },
        { type: "dance", user_id: user.id, bot_id: bot.id },
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("→ at [1].type");
    expect(await h.control.pendingUpdates(bot.id)).toEqual([]);
  });
});

describe("reset", () => {
  it("drops bots, users and their tokens", async () => {
    const fresh = await startHarness();
    try {
      const control = new EmulatorControl(`${fresh.emulator.url}/`);
      const { bot } = await newBot(fresh);
      await startedUser(fresh, bot.id, { silent: false });
      expect(await control.reset()).toEqual({ ok: true });
      expect(await control.listBots()).toEqual([]);
      expect(await control.listUsers()).toEqual([]);
      expect((await rawCall(fresh, bot.token, "getMe")).status).toBe(401);
      // Ids start over.
      expect((await control.createBot({ username: "after_reset_bot" })).id).toBe(7000000001);
    } finally {
      await fresh.close();
    }
  });
});
