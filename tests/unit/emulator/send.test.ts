// What bots send: messages, photos, copies, edits, callback answers, chat actions, commands.
import { InlineKeyboard, InputFile } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, newBot, startedUser, type Harness, startHarness } from "./helpers";

let h: Harness;

beforeAll(async () => {
  // These tests are about content, not flood control.
  h = await startHarness({ limits: { enabled: false } });
});

afterAll(async () => {
  await h.close();
});

describe("sendMessage", () => {
  it("returns Telegram's Message and control.sent records it", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "  Hello there  ");
    expect(message).toMatchObject({
      from: { id: bot.id, is_bot: true, username: bot.username },
      chat: { id: user.id, type: "private" },
      text: "Hello there",
    });
    expect(message.message_id).toBeGreaterThan(0);

    const sent = await h.control.sent(bot.id, user.id);
    expect(sent).toEqual([
      expect.objectContaining({
        bot_id: bot.id,
        chat_id: user.id,
        message_id: message.message_id,
        method: "sendMessage",
        text: "Hello there",
        date: message.date,
        edited: false,
        deleted: false,
      }),
    ]);
  });

  it("parses HTML into entities and records the parse_mode", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, '<b>Sale</b> &amp; <a href="https://example.com/x">link</a>', {
      parse_mode: "HTML",
    });
    expect(message.text).toBe("Sale & link");
    expect(message.entities).toEqual([
      { type: "bold", offset: 0, length: 4 },
      { type: "text_link", offset: 7, length: 4, url: "https://example.com/x" },
    ]);
    const [view] = await h.control.sent(bot.id, user.id);
    expect(view).toMatchObject({ parse_mode: "HTML", entities: message.entities });
  });

  it("parses MarkdownV2 into entities", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "*bold* _it_ `code` 1\\.5", { parse_mode: "MarkdownV2" });
    expect(message.text).toBe("bold it code 1.5");
    expect(message.entities).toEqual([
      { type: "bold", offset: 0, length: 4 },
      { type: "italic", offset: 5, length: 2 },
      { type: "code", offset: 8, length: 4 },
    ]);
  });

  it("keeps an inline keyboard on the message and any reply markup in the record", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const keyboard = new InlineKeyboard().text("Yes", "yes").url("Site", "https://example.com");
    const withInline = await api.sendMessage(user.id, "Pick", { reply_markup: keyboard });
    expect(withInline.reply_markup).toEqual({
      inline_keyboard: [[{ text: "Yes", callback_data: "yes" }, { text: "Site", url: "https://example.com" }]],
    });
    const withReply = await api.sendMessage(user.id, "Menu", {
      reply_markup: { keyboard: [[{ text: "Help" }]], resize_keyboard: true },
    });
    expect(withReply.reply_markup).toBeUndefined();
    const sent = await h.control.sent(bot.id, user.id);
    expect(sent[1]?.reply_markup).toEqual({ keyboard: [[{ text: "Help" }]], resize_keyboard: true });
  });

  it("counts a 4096-character text in code points, as Telegram does (emoji are 2 UTF-16 units)", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const emoji = "😀".repeat(4096);
    const message = await api.sendMessage(user.id, emoji);
    expect(message.text).toBe(emoji);
    const error = await apiError(api.sendMessage(user.id, "😀".repeat(4097)));
    expect(error.description).toBe("Bad Request: message is too long");
  });

  it("checks reply_parameters against the chat's messages", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const first = await api.sendMessage(user.id, "first");
    await expect(
      api.sendMessage(user.id, "reply", { reply_parameters: { message_id: first.message_id } }),
    ).resolves.toMatchObject({ text: "reply" });
    const error = await apiError(api.sendMessage(user.id, "reply", { reply_parameters: { message_id: 9999 } }));
    expect(error.description).toBe("Bad Request: message to be replied not found");
    await expect(
      api.sendMessage(user.id, "anyway", { reply_parameters: { message_id: 9999, allow_sending_without_reply: true } }),
    ).resolves.toMatchObject({ text: "anyway" });
  });
});

describe("sendPhoto", () => {
  it("accepts an HTTP URL and issues file ids that can be sent again", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const first = await api.sendPhoto(user.id, "https://example.com/cat.jpg", { caption: "A cat" });
    expect(first.caption).toBe("A cat");
    expect(first.photo?.map((p) => p.width)).toEqual([90, 320, 800]);
    const largest = first.photo?.at(-1)?.file_id ?? "";
    expect(largest).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const again = await api.sendPhoto(user.id, largest);
    expect(again.photo?.at(-1)?.file_id).toBe(largest);
    expect(again.caption).toBeUndefined();

    const sent = await h.control.sent(bot.id, user.id);
    expect(sent.map((s) => [s.method, s.photo, s.caption])).toEqual([
      ["sendPhoto", largest, "A cat"],
      ["sendPhoto", largest, undefined],
    ]);
  });

  it("accepts an uploaded file (multipart) with an HTML caption", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendPhoto(user.id, new InputFile(Buffer.from([0xff, 0xd8, 0xff]), "pic.jpg"), {
      caption: "<i>fresh</i> upload",
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text("Like", "like"),
    });
    expect(message.caption).toBe("fresh upload");
    expect(message.caption_entities).toEqual([{ type: "italic", offset: 0, length: 5 }]);
    expect(message.reply_markup).toEqual({ inline_keyboard: [[{ text: "Like", callback_data: "like" }]] });
  });

  it("rejects a photo that is neither an upload, a URL nor a file id", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const error = await apiError(api.sendPhoto(user.id, "not a file"));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe("Bad Request: wrong file identifier/HTTP URL specified");
  });
});

describe("copyMessage and forwardMessage", () => {
  it("copies a user's message back to them and records the copy", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const { message_id } = await h.control.message(user.id, { bot_id: bot.id, text: "please echo" });
    const copy = await api.copyMessage(user.id, user.id, message_id ?? 0);
    expect(copy.message_id).toBeGreaterThan(message_id ?? 0);
    const sent = await h.control.sent(bot.id, user.id);
    expect(sent).toEqual([expect.objectContaining({ method: "copyMessage", message_id: copy.message_id, text: "please echo" })]);
  });

  it("copies a photo with a replacement caption into another user's chat", async () => {
    const { bot, api } = await newBot(h);
    const alice = await startedUser(h, bot.id);
    const bob = await startedUser(h, bot.id);
    const photo = await api.sendPhoto(alice.id, "https://example.com/a.png", { caption: "old" });
    const copy = await api.copyMessage(bob.id, alice.id, photo.message_id, { caption: "<b>new</b>", parse_mode: "HTML" });
    const [view] = await h.control.sent(bot.id, bob.id);
    expect(view).toMatchObject({ message_id: copy.message_id, caption: "new", photo: photo.photo?.at(-1)?.file_id });
  });

  it("reports a missing source message", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const error = await apiError(api.copyMessage(user.id, user.id, 4242));
    expect(error.description).toBe("Bad Request: message to copy not found");
  });

  it("forwardMessage keeps the original sender as forward_origin", async () => {
    const { bot, api } = await newBot(h);
    const alice = await startedUser(h, bot.id, { user: { first_name: "Alice" } });
    const bob = await startedUser(h, bot.id);
    const { message_id } = await h.control.message(alice.id, { bot_id: bot.id, text: "tip" });
    const forwarded = await api.forwardMessage(bob.id, alice.id, message_id ?? 0);
    expect(forwarded.text).toBe("tip");
    expect(forwarded.forward_origin).toMatchObject({ type: "user", sender_user: { id: alice.id, first_name: "Alice" } });
  });
});

describe("edits", () => {
  it("editMessageText changes the text, sets edit_date and drops a keyboard not sent again", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const original = await api.sendMessage(user.id, "<b>Pick</b>", {
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text("A", "a"),
    });
    const edited = await api.editMessageText(user.id, original.message_id, "Picked A");
    expect(edited).toMatchObject({ message_id: original.message_id, text: "Picked A" });
    if (edited === true) throw new Error("expected a Message");
    expect(edited.edit_date).toBeGreaterThan(0);
    expect(edited).not.toHaveProperty("reply_markup");
    expect(edited).not.toHaveProperty("entities");

    const [view] = await h.control.sent(bot.id, user.id);
    expect(view).toMatchObject({ text: "Picked A", edited: true, method: "sendMessage" });
    // The new text has no markup, so the record no longer claims HTML.
    expect(view?.parse_mode).toBeUndefined();
    expect(view?.reply_markup).toBeUndefined();
  });

  it("editMessageText reports an unchanged message and a missing one", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "same");
    const notModified = await apiError(api.editMessageText(user.id, message.message_id, "same"));
    expect(notModified.description).toMatch(/^Bad Request: message is not modified: specified new message content/);
    const missing = await apiError(api.editMessageText(user.id, 999, "x"));
    expect(missing.description).toBe("Bad Request: message to edit not found");
  });

  it("a user's message can't be edited by the bot", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const { message_id } = await h.control.message(user.id, { bot_id: bot.id, text: "mine" });
    const error = await apiError(api.editMessageText(user.id, message_id ?? 0, "yours"));
    expect(error.description).toBe("Bad Request: message can't be edited");
  });

  it("editMessageReplyMarkup swaps the keyboard; clicks follow the new one", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "Vote", { reply_markup: new InlineKeyboard().text("Up", "up") });
    const edited = await api.editMessageReplyMarkup(user.id, message.message_id, {
      reply_markup: new InlineKeyboard().text("Thanks", "thanks"),
    });
    if (edited === true) throw new Error("expected a Message");
    expect(edited.text).toBe("Vote");
    expect(edited.reply_markup).toEqual({ inline_keyboard: [[{ text: "Thanks", callback_data: "thanks" }]] });

    await expect(h.control.click(user.id, { bot_id: bot.id, message_id: message.message_id, data: "up" })).rejects.toMatchObject({
      status: 400,
    });
    const click = await h.control.click(user.id, { bot_id: bot.id, message_id: message.message_id, data: "thanks" });
    expect(click.callback_query_id).toBeTruthy();
    const [view] = await h.control.sent(bot.id, user.id);
    expect(view?.reply_markup).toEqual(edited.reply_markup);
  });

  it("editMessageCaption edits photo captions only", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const photo = await api.sendPhoto(user.id, "https://example.com/p.jpg", { caption: "before" });
    const edited = await api.editMessageCaption(user.id, photo.message_id, { caption: "after" });
    expect(edited).toMatchObject({ caption: "after" });
    const text = await api.sendMessage(user.id, "plain");
    const error = await apiError(api.editMessageCaption(user.id, text.message_id, { caption: "x" }));
    expect(error.description).toBe("Bad Request: there is no caption in the message to edit");
  });

  it("deleteMessage marks the message deleted; a second delete fails", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "oops");
    expect(await api.deleteMessage(user.id, message.message_id)).toBe(true);
    expect((await h.control.sent(bot.id, user.id))[0]?.deleted).toBe(true);
    const error = await apiError(api.deleteMessage(user.id, message.message_id));
    expect(error.description).toBe("Bad Request: message to delete not found");
  });
});

describe("inline buttons and callback queries", () => {
  it("a click produces a callback_query update carrying the message and data", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "Choose", {
      reply_markup: new InlineKeyboard().text("Red", "color:red").text("Blue", "color:blue"),
    });
    const click = await h.control.click(user.id, { bot_id: bot.id, message_id: message.message_id, data: "color:blue" });

    const [update] = await api.getUpdates();
    expect(update?.update_id).toBe(click.update_id);
    expect(update?.callback_query).toMatchObject({
      id: click.callback_query_id,
      from: { id: user.id, is_bot: false },
      data: "color:blue",
      message: { message_id: message.message_id, text: "Choose", reply_markup: message.reply_markup },
    });
    expect(update?.callback_query?.chat_instance).toMatch(/^-?\d+$/);
  });

  it("answerCallbackQuery is recorded once; answering again is rejected", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "Go?", { reply_markup: new InlineKeyboard().text("Go", "go") });
    const click = await h.control.click(user.id, { bot_id: bot.id, message_id: message.message_id, data: "go" });
    const id = click.callback_query_id ?? "";

    expect(await api.answerCallbackQuery(id, { text: "Done", show_alert: true })).toBe(true);
    const [record] = await h.control.callbacks(bot.id);
    expect(record).toMatchObject({
      id,
      user_id: user.id,
      chat_id: user.id,
      message_id: message.message_id,
      data: "go",
      answered: true,
      answer: { text: "Done", show_alert: true },
    });
    const again = await apiError(api.answerCallbackQuery(id));
    expect(again.description).toBe("Bad Request: query is too old and response timeout expired or query ID is invalid");
    const unknown = await apiError(api.answerCallbackQuery("123"));
    expect(unknown.error_code).toBe(400);
  });

  it("clicking data that is not on the message is a control error", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    const message = await api.sendMessage(user.id, "x", { reply_markup: new InlineKeyboard().text("A", "a") });
    await expect(h.control.click(user.id, { bot_id: bot.id, message_id: message.message_id, data: "b" })).rejects.toThrow(
      /has no inline button with callback_data "b"/,
    );
  });
});

describe("chat actions, chat info and commands", () => {
  it("sendChatAction accepts Telegram's actions and rejects others", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id);
    expect(await api.sendChatAction(user.id, "typing")).toBe(true);
    expect(await api.sendChatAction(user.id, "upload_photo")).toBe(true);
    // @ts-expect-error -- not one of Telegram's chat actions
    const error = await apiError(api.sendChatAction(user.id, "dancing"));
    expect(error.description).toBe("Bad Request: wrong parameter action in request");
  });

  it("getChat describes the private chat", async () => {
    const { bot, api } = await newBot(h);
    const user = await startedUser(h, bot.id, { user: { first_name: "Ada", username: "ada_l" } });
    expect(await api.getChat(user.id)).toMatchObject({ id: user.id, type: "private", first_name: "Ada", username: "ada_l" });
  });

  it("setMyCommands stores commands per scope and language", async () => {
    const { api } = await newBot(h);
    expect(await api.getMyCommands()).toEqual([]);
    expect(
      await api.setMyCommands([
        { command: "start", description: "Start" },
        { command: "/help", description: "Help" },
      ]),
    ).toBe(true);
    await api.setMyCommands([{ command: "start", description: "Старт" }], { language_code: "ru" });
    expect(await api.getMyCommands()).toEqual([
      { command: "start", description: "Start" },
      { command: "help", description: "Help" },
    ]);
    expect(await api.getMyCommands({ language_code: "ru" })).toEqual([{ command: "start", description: "Старт" }]);
    expect(await api.deleteMyCommands()).toBe(true);
    expect(await api.getMyCommands()).toEqual([]);

    const invalid = await apiError(api.setMyCommands([{ command: "Bad Command", description: "x" }]));
    expect(invalid.description).toBe("Bad Request: BOT_COMMAND_INVALID");
  });
});
