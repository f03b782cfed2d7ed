// Pure adapter: a raw Telegram update → Tagflow's IncomingUpdate. No I/O.
import { z } from "zod";

const ZUser = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
  is_premium: z.boolean().optional(),
});

const ZChat = z.object({ id: z.number().int(), type: z.string() });

const ZEntity = z.object({ type: z.string(), offset: z.number().int(), length: z.number().int() });

const ZMessage = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  from: ZUser.optional(),
  chat: ZChat,
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(ZEntity).optional(),
  photo: z.array(z.object({ file_id: z.string(), width: z.number(), height: z.number() })).optional(),
  document: z.object({ file_id: z.string(), file_name: z.string().optional() }).optional(),
  sticker: z.object({ file_id: z.string(), emoji: z.string().optional() }).optional(),
  voice: z.object({ file_id: z.string(), duration: z.number() }).optional(),
});

const ZCallback = z.object({
  id: z.string(),
  from: ZUser,
  data: z.string().optional(),
  message: z.object({ message_id: z.number().int(), chat: ZChat }).optional(),
});

const ZMember = z.object({
  chat: ZChat,
  from: ZUser,
  date: z.number().int(),
  new_chat_member: z.object({ status: z.string() }),
  old_chat_member: z.object({ status: z.string() }).optional(),
});

export const ZRawUpdate = z
  .object({
    update_id: z.number().int().nonnegative(),
    message: ZMessage.optional(),
    edited_message: ZMessage.optional(),
    callback_query: ZCallback.optional(),
    my_chat_member: ZMember.optional(),
  })
  .passthrough();

export type TTelegramUser = z.infer<typeof ZUser>;

export type TMedia = { kind: "photo" | "document" | "sticker" | "voice"; fileId: string; name?: string };

export type TIncomingUpdate =
  | {
      kind: "message";
      updateId: number;
      from: TTelegramUser;
      chatId: number;
      messageId: number;
      date: Date;
      text: string | null;
      media: TMedia | null;
      command: { name: string; payload: string | null } | null;
    }
  | { kind: "callback"; updateId: number; from: TTelegramUser; callbackId: string; data: string | null; chatId: number | null; messageId: number | null; date: Date }
  | { kind: "member"; updateId: number; from: TTelegramUser; chatId: number; status: string; date: Date }
  | { kind: "ignored"; updateId: number; reason: string };

export type TParseResult = { ok: true; update: TIncomingUpdate } | { ok: false; error: string };

/** Reads `/cmd@bot payload` from a message that starts with a bot_command entity. */
export function parseCommand(text: string | undefined, entities: z.infer<typeof ZEntity>[] | undefined) {
  if (!text) return null;
  const entity = entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return null;
  const raw = text.slice(1, entity.length);
  const name = (raw.split("@")[0] ?? "").toLowerCase();
  const payload = text.slice(entity.length).trim();
  return { name, payload: payload.length > 0 ? payload : null };
}

function mediaOf(m: z.infer<typeof ZMessage>): TMedia | null {
  const largest = m.photo?.at(-1);
  if (largest) return { kind: "photo", fileId: largest.file_id };
  if (m.document) return { kind: "document", fileId: m.document.file_id, name: m.document.file_name };
  if (m.sticker) return { kind: "sticker", fileId: m.sticker.file_id, name: m.sticker.emoji };
  if (m.voice) return { kind: "voice", fileId: m.voice.file_id };
  return null;
}

export function parseUpdate(raw: unknown): TParseResult {
  const parsed = ZRawUpdate.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `malformed update: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}` };
  }
  const u = parsed.data;
  const updateId = u.update_id;
  const message = u.message;
  if (message) {
    if (!message.from || message.from.is_bot) return { ok: true, update: { kind: "ignored", updateId, reason: "message without a human sender" } };
    if (message.chat.type !== "private") return { ok: true, update: { kind: "ignored", updateId, reason: `chat type ${message.chat.type}` } };
    const text = message.text ?? message.caption ?? null;
    return {
      ok: true,
      update: {
        kind: "message",
        updateId,
        from: message.from,
        chatId: message.chat.id,
        messageId: message.message_id,
        date: new Date(message.date * 1000),
        text,
        media: mediaOf(message),
        command: message.text ? parseCommand(message.text, message.entities) : null,
      },
    };
  }
  if (u.callback_query) {
    const c = u.callback_query;
    return {
      ok: true,
      update: {
        kind: "callback",
        updateId,
        from: c.from,
        callbackId: c.id,
        data: c.data ?? null,
        chatId: c.message?.chat.id ?? null,
        messageId: c.message?.message_id ?? null,
        date: new Date(),
      },
    };
  }
  if (u.my_chat_member) {
    const m = u.my_chat_member;
    if (m.chat.type !== "private") return { ok: true, update: { kind: "ignored", updateId, reason: "group membership" } };
    return {
      ok: true,
      update: { kind: "member", updateId, from: m.from, chatId: m.chat.id, status: m.new_chat_member.status, date: new Date(m.date * 1000) },
    };
  }
  if (u.edited_message) return { ok: true, update: { kind: "ignored", updateId, reason: "edited message" } };
  return { ok: true, update: { kind: "ignored", updateId, reason: "unsupported update type" } };
}

/** The update's type, for storage and logs. */
export function updateKind(raw: Record<string, unknown>): string {
  return Object.keys(raw).find((k) => k !== "update_id") ?? "unknown";
}
