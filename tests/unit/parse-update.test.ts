import { describe, it, expect } from "vitest";
import { parseUpdate, parseCommand, updateKind } from "@/lib/telegram/parse-update";

const from = { id: 42, is_bot: false, first_name: "Ada", last_name: "L", username: "ada", language_code: "en", is_premium: true };

function message(text: string, extra: Record<string, unknown> = {}) {
  const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] : undefined;
  return { update_id: 7, message: { message_id: 3, date: 1_700_000_000, from, chat: { id: 42, type: "private" }, text, entities, ...extra } };
}

describe("parseUpdate", () => {
  it("reads /start with its deep-link payload", () => {
    const r = parseUpdate(message("/start src_ads1"));
    expect(r.ok).toBe(true);
    if (!r.ok || r.update.kind !== "message") throw new Error("expected a message");
    expect(r.update.command).toEqual({ name: "start", payload: "src_ads1" });
    expect(r.update.date.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(r.update.from.username).toBe("ada");
  });

  it("reads a plain message without a command", () => {
    const r = parseUpdate(message("hello there"));
    if (!r.ok || r.update.kind !== "message") throw new Error("expected a message");
    expect(r.update.command).toBeNull();
    expect(r.update.text).toBe("hello there");
  });

  it("strips the bot username from /cmd@bot", () => {
    expect(parseCommand("/Help@my_bot now", [{ type: "bot_command", offset: 0, length: 12 }])).toEqual({ name: "help", payload: "now" });
  });

  it("does not treat a slash without a bot_command entity as a command", () => {
    expect(parseCommand("/start", undefined)).toBeNull();
  });

  it("reads the largest photo as media with its caption as text", () => {
    const r = parseUpdate({
      update_id: 1,
      message: { message_id: 1, date: 1, from, chat: { id: 42, type: "private" }, caption: "look", photo: [{ file_id: "s", width: 1, height: 1 }, { file_id: "L", width: 9, height: 9 }] },
    });
    if (!r.ok || r.update.kind !== "message") throw new Error("expected a message");
    expect(r.update.media).toEqual({ kind: "photo", fileId: "L" });
    expect(r.update.text).toBe("look");
  });

  it("reads a button click", () => {
    const r = parseUpdate({ update_id: 2, callback_query: { id: "cb1", from, data: "menu:news", chat_instance: "x", message: { message_id: 9, chat: { id: 42, type: "private" } } } });
    expect(r).toMatchObject({ ok: true, update: { kind: "callback", data: "menu:news", messageId: 9, chatId: 42 } });
  });

  it("reads a block (kicked) and an unblock (member)", () => {
    const member = (status: string) => ({ update_id: 3, my_chat_member: { chat: { id: 42, type: "private" }, from, date: 5, old_chat_member: { status: "member" }, new_chat_member: { status } } });
    expect(parseUpdate(member("kicked"))).toMatchObject({ ok: true, update: { kind: "member", status: "kicked" } });
    expect(parseUpdate(member("member"))).toMatchObject({ ok: true, update: { kind: "member", status: "member" } });
  });

  it("ignores group chats and bots", () => {
    expect(parseUpdate(message("hi", { chat: { id: -5, type: "group" } }))).toMatchObject({ ok: true, update: { kind: "ignored" } });
    expect(parseUpdate(message("hi", { from: { ...from, is_bot: true } }))).toMatchObject({ ok: true, update: { kind: "ignored" } });
  });

  it("rejects malformed updates with a message naming the field", () => {
    const r = parseUpdate({ update_id: 1, message: { message_id: "x" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/message\./);
    expect(parseUpdate("nope").ok).toBe(false);
    expect(parseUpdate({ update_id: -1 }).ok).toBe(false);
  });

  it("names the update kind", () => {
    expect(updateKind({ update_id: 1, callback_query: {} })).toBe("callback_query");
  });
});
