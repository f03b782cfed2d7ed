// Telegram's error answers: 403s, 400s for bad chats, texts, captions, markup and buttons.
import { InlineKeyboard } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, newBot, rawCall, startHarness, startedUser, type Harness } from "./helpers";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ limits: { enabled: false } });
});

afterAll(async () => {
  await h.close();
});

describe("unreachable users", () => {
  it("after the user blocks the bot, sends get 403 'bot was blocked by the user'", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const before = await api.sendMessage(user.id, "hi");
    await h.control.block(user.id, bot.id);

    for (const call of [
      api.sendMessage(user.id, "are you there?"),
      api.sendPhoto(user.id, "https://example.com/p.jpg"),
      api.sendChatAction(user.id, "typing"),
      api.editMessageText(user.id, before.message_id, "edited"),
    ]) {
      const error = await apiError(call);
      expect(error.error_code).toBe(403);
      expect(error.description).toBe("Forbidden: bot was blocked by the user");
    }
    expect(await h.control.sent(bot.id, user.id)).toHaveLength(1);

    await h.control.unblock(user.id, bot.id);
    await expect(api.sendMessage(user.id, "welcome back")).resolves.toMatchObject({ text: "welcome back" });
  });

  it("the exact 403 envelope goes over the wire", async () => {
    const { bot } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await h.control.block(user.id, bot.id);
    const res = await rawCall(h, bot.token, "sendMessage", { chat_id: user.id, text: "x" });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
  });

  it("a deleted account gets 403 'user is deactivated'", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    expect(await h.control.deactivate(user.id)).toEqual({ changed: true });
    const error = await apiError(api.sendMessage(user.id, "hello?"));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe("Forbidden: user is deactivated");
    // A deactivated user can't act any more either.
    await expect(h.control.message(user.id, { bot_id: bot.id, text: "x" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("bad chats", () => {
  it("a user who never started the bot is 'chat not found'", async () => {
    const { bot, api } = await newBot(h);
    const stranger = await h.control.createUser({ first_name: "Stranger" });
    const error = await apiError(api.sendMessage(stranger.id, "hi"));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe("Bad Request: chat not found");
    // Starting another bot does not open a chat with this one.
    const other = await newBot(h);
    await h.control.start(stranger.id, { bot_id: other.bot.id, silent: true });
    expect((await apiError(api.sendMessage(stranger.id, "hi"))).description).toBe("Bad Request: chat not found");
    expect(bot.id).not.toBe(other.bot.id);
  });

  it("chat ids that are not numbers are 'chat not found'; a missing one is 'chat_id is empty'", async () => {
    const { bot, api } = await newBot(h);
    expect((await apiError(api.sendMessage("@somebody", "hi"))).description).toBe("Bad Request: chat not found");
    const res = await rawCall(h, bot.token, "sendMessage", { text: "hi" });
    expect(res).toEqual({ status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat_id is empty" } });
  });
});

describe("text and caption limits", () => {
  it("accepts exactly 4096 characters and rejects 4097 with 'message is too long'", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await expect(api.sendMessage(user.id, "a".repeat(4096))).resolves.toMatchObject({ text: "a".repeat(4096) });
    const error = await apiError(api.sendMessage(user.id, "a".repeat(4097)));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe("Bad Request: message is too long");
  });

  it("measures the length after entity parsing (markup does not count)", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const text = `<b>${"a".repeat(4096)}</b>`;
    await expect(api.sendMessage(user.id, text, { parse_mode: "HTML" })).resolves.toMatchObject({
      entities: [{ type: "bold", offset: 0, length: 4096 }],
    });
  });

  it("rejects empty, blank and missing text with 'message text is empty'", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    for (const text of ["", "   \n\t "]) {
      expect((await apiError(api.sendMessage(user.id, text))).description).toBe("Bad Request: message text is empty");
    }
    // Markup that leaves nothing behind is empty too.
    expect((await apiError(api.sendMessage(user.id, "<b> </b>", { parse_mode: "HTML" }))).description).toBe(
      "Bad Request: message text is empty",
    );
    const res = await rawCall(h, bot.token, "sendMessage", { chat_id: user.id });
    expect(res.body.description).toBe("Bad Request: message text is empty");
  });

  it("accepts a 1024-character caption and rejects 1025 with 'message caption is too long'", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const photo = "https://example.com/p.jpg";
    await expect(api.sendPhoto(user.id, photo, { caption: "c".repeat(1024) })).resolves.toHaveProperty("caption");
    const error = await apiError(api.sendPhoto(user.id, photo, { caption: "c".repeat(1025) }));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe("Bad Request: message caption is too long");
    // Captions are counted in code points as well.
    await expect(api.sendPhoto(user.id, photo, { caption: "🎉".repeat(1024) })).resolves.toHaveProperty("caption");
    expect((await apiError(api.sendPhoto(user.id, photo, { caption: "🎉".repeat(1025) }))).description).toBe(
      "Bad Request: message caption is too long",
    );
  });

  it("rejects an over-long text in editMessageText as well", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "short");
    const error = await apiError(api.editMessageText(user.id, message.message_id, "a".repeat(4097)));
    expect(error.description).toBe("Bad Request: message is too long");
  });
});

describe("markup errors", () => {
  it.each([
    ["<b>bold", 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'],
    ["<blink>x</blink>", 'Bad Request: can\'t parse entities: Unsupported start tag "blink" at byte offset 0'],
    ["<b>x</i>", 'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ["a < b", 'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2'],
  ])("HTML %j is rejected with %j", async (text, description) => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const error = await apiError(api.sendMessage(user.id, text, { parse_mode: "HTML" }));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe(description);
  });

  it("the same text without parse_mode is sent as is", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await expect(api.sendMessage(user.id, "<b>bold")).resolves.toMatchObject({ text: "<b>bold" });
  });

  it("MarkdownV2 reserved characters must be escaped", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const error = await apiError(api.sendMessage(user.id, "Price: 1.5", { parse_mode: "MarkdownV2" }));
    expect(error.description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
  });

  it("bad HTML in a caption is rejected too", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const error = await apiError(
      api.sendPhoto(user.id, "https://example.com/p.jpg", { caption: "<i>oops", parse_mode: "HTML" }),
    );
    expect(error.description).toMatch(/^Bad Request: can't parse entities: /);
  });

  it("an unknown parse_mode is rejected", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    // @ts-expect-error -- deliberately not a parse mode
    const error = await apiError(api.sendMessage(user.id, "x", { parse_mode: "BBCode" }));
    expect(error.description).toBe("Bad Request: unsupported parse_mode");
  });
});

describe("reply markup errors", () => {
  it("callback_data longer than 64 bytes is BUTTON_DATA_INVALID", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await expect(
      api.sendMessage(user.id, "ok", { reply_markup: new InlineKeyboard().text("b", "x".repeat(64)) }),
    ).resolves.toHaveProperty("reply_markup");
    const error = await apiError(
      api.sendMessage(user.id, "no", { reply_markup: new InlineKeyboard().text("b", "x".repeat(65)) }),
    );
    expect(error.error_code).toBe(400);
    expect(error.description).toBe("Bad Request: BUTTON_DATA_INVALID");
  });

  it("the 64 limit is in UTF-8 bytes, not characters", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    // 33 Cyrillic letters: 33 characters but 66 bytes.
    const error = await apiError(
      api.sendMessage(user.id, "no", { reply_markup: new InlineKeyboard().text("b", "я".repeat(33)) }),
    );
    expect(error.description).toBe("Bad Request: BUTTON_DATA_INVALID");
  });

  it("rejects empty callback_data, text-only inline buttons and malformed markup", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const empty = await apiError(api.sendMessage(user.id, "x", { reply_markup: new InlineKeyboard().text("b", "") }));
    expect(empty.description).toBe("Bad Request: BUTTON_DATA_INVALID");

    const textOnly = await rawCall(h, bot.token, "sendMessage", {
      chat_id: user.id,
      text: "x",
      reply_markup: { inline_keyboard: [[{ text: "just text" }]] },
    });
    expect(textOnly.body.description).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );

    const notJson = await rawCall(h, bot.token, "sendMessage", { chat_id: user.id, text: "x", reply_markup: "{oops" });
    expect(notJson.body.description).toBe("Bad Request: can't parse reply keyboard markup JSON object");

    const badUrl = await rawCall(h, bot.token, "sendMessage", {
      chat_id: user.id,
      text: "x",
      reply_markup: { inline_keyboard: [[{ text: "go", url: "not a url" }]] },
    });
    expect(badUrl.body.description).toBe("Bad Request: BUTTON_URL_INVALID");
    expect(await h.control.sent(bot.id, user.id)).toEqual([]);
  });

  it("rejected calls are counted per error code in the stats", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    await apiError(api.sendMessage(user.id, ""));
    await apiError(api.sendMessage(424242, "x"));
    await h.control.block(user.id, bot.id);
    await apiError(api.sendMessage(user.id, "x"));
    const stats = await h.control.stats(bot.id);
    expect(stats.errors).toEqual({ "400": 2, "403": 1 });
    expect(stats.sent).toBe(0);
    expect(stats.byMethod.sendMessage).toBe(3);
  });

  it("a request body that is not JSON is 'can't parse JSON object'", async () => {
    const { bot } = await newBot(h);
    const res = await fetch(`${h.emulator.url}/bot${bot.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error_code: 400, description: "Bad Request: can't parse JSON object" });
  });
});
