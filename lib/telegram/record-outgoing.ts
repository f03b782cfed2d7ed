// grammY API transformer: every message the bot sends is stored in its
// conversation with a delivery state, whoever sent it (handler, agent, campaign).
//
// One statement for the sends of a moment (the bot's replies are the busiest writes of a
// flow; the chats of a job batch are answered at once): each message,
// its conversation's list columns (as touchConversation keeps them) and the message.created
// inbox event (as publishInboxEvent writes it: the INSERT takes the write lock on InboxEvent
// before the id is drawn; the NOTIFY goes out on commit), all or nothing. The message view
// is built here, as intake builds the views of incoming messages; the statement fills in
// the conversation's id. Nothing is recorded in a chat that has no conversation.
import type { Transformer } from "grammy";
import { db, type Prisma } from "../db/client";
import { log } from "../log";
import { INBOX_CHANNEL } from "../realtime/publish";
import { toMessageView, type MESSAGE_SELECT } from "../inbox/list-messages";
import { previewOf } from "../inbox/touch-conversation";
import { cuid } from "./cuid";
import { batched } from "../db/batched";
import { parseHtml } from "../emulator/text/html";

const SEND_METHODS = new Set(["sendMessage", "sendPhoto", "copyMessage"]);

type TPayload = { chat_id?: unknown; text?: unknown; caption?: unknown; photo?: unknown; reply_markup?: unknown; parse_mode?: unknown };

/** The text as the user sees it: HTML markup (flows, campaigns) is parsed away; the inbox shows plain text. */
function visibleText(raw: string, parseMode: unknown): string {
  if (typeof parseMode !== "string" || parseMode.toUpperCase() !== "HTML") return raw;
  try {
    return parseHtml(raw).text;
  } catch {
    return raw;
  }
}

export function recordOutgoing(botId: string, staffId?: string): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!SEND_METHODS.has(method)) return result;
    const p = payload as TPayload;
    if (typeof p.chat_id !== "number" && typeof p.chat_id !== "string") return result;
    try {
      const okResult = result.ok ? (result.result as { message_id?: number }) : null;
      const raw = typeof p.text === "string" ? p.text : typeof p.caption === "string" ? p.caption : null;
      const text = raw === null ? null : visibleText(raw, p.parse_mode);
      const media = typeof p.photo === "string" ? { kind: "photo", fileId: p.photo } : null;
      const buttons = p.reply_markup ? (JSON.parse(JSON.stringify(p.reply_markup)) as Prisma.JsonObject) : null;
      const sender = staffId ? await db().staffUser.findUnique({ where: { id: staffId }, select: { id: true, name: true } }) : null;
      const now = new Date();
      const message: Prisma.MessageGetPayload<{ select: typeof MESSAGE_SELECT }> = {
        id: cuid(),
        conversationId: "", // set by the statement
        direction: "OUT",
        text,
        media,
        buttons,
        deliveryState: result.ok ? "SENT" : "FAILED",
        failureReason: result.ok ? null : result.description,
        isNote: false,
        clientId: null,
        createdAt: now,
        sentAt: result.ok ? now : null,
        telegramMessageId: okResult?.message_id ?? null,
        senderStaff: sender,
      };
      await recordSend({
        botId,
        chatId: String(p.chat_id),
        id: message.id,
        telegramMessageId: message.telegramMessageId,
        text,
        media: json(media),
        buttons: json(buttons),
        staffId: staffId ?? null,
        deliveryState: message.deliveryState,
        failureReason: message.failureReason,
        at: now.toISOString(),
        sent: result.ok,
        preview: previewOf(text, media),
        payload: JSON.stringify({ message: toMessageView(message) }),
      });
    } catch (e) {
      log.warn("could not record an outgoing message", { botId, method, error: e instanceof Error ? e.message : String(e) });
    }
    return result;
  };
}

const json = (v: unknown) => (v === null ? null : JSON.stringify(v));

type TSend = {
  botId: string;
  chatId: string;
  id: string;
  telegramMessageId: number | null;
  text: string | null;
  media: string | null;
  buttons: string | null;
  staffId: string | null;
  deliveryState: string;
  failureReason: string | null;
  at: string;
  sent: boolean;
  preview: string;
  payload: string;
};

/** The sends of the same moment (many chats answered at once) recorded by one statement. */
const recordSend = batched<TSend, void>(async (items) => {
  const col = <K extends keyof TSend>(k: K) => items.map((i) => i[k]);
  await db().$queryRaw`
    WITH i AS (
      SELECT * FROM unnest(${col("botId")}::text[], ${col("chatId")}::bigint[], ${col("id")}::text[], ${col("telegramMessageId")}::int[], ${col("text")}::text[],
        ${col("media")}::jsonb[], ${col("buttons")}::jsonb[], ${col("staffId")}::text[], ${col("deliveryState")}::"DeliveryState"[], ${col("failureReason")}::text[],
        ${col("at")}::timestamp(3)[], ${col("sent")}::boolean[], ${col("preview")}::text[], ${col("payload")}::jsonb[])
        WITH ORDINALITY AS i(bot_id, chat_id, id, tg_id, text, media, buttons, staff_id, state, reason, at, sent, preview, payload, ord)
    ),
    c AS (SELECT i.*, conv."id" AS conversation_id FROM i JOIN "Conversation" conv ON conv."botId" = i.bot_id AND conv."chatId" = i.chat_id),
    m AS (
      INSERT INTO "Message" ("id", "conversationId", "direction", "telegramMessageId", "text", "media", "buttons", "senderStaffId",
        "deliveryState", "failureReason", "isNote", "createdAt", "sentAt")
      SELECT id, conversation_id, 'OUT'::"MessageDirection", tg_id, text, media, buttons, staff_id, state, reason, false, at, CASE WHEN sent THEN at END
      FROM c
      RETURNING "id"
    ),
    latest AS (SELECT DISTINCT ON (conversation_id) conversation_id, at, preview FROM c ORDER BY conversation_id, ord DESC),
    touched AS (
      UPDATE "Conversation" conv SET "lastMessageAt" = latest.at, "lastMessagePreview" = latest.preview, "lastMessageDirection" = 'OUT'::"MessageDirection"
      FROM latest WHERE conv."id" = latest.conversation_id
    ),
    ie AS (
      INSERT INTO "InboxEvent" ("kind", "conversationId", "payload", "createdAt")
      SELECT 'message.created', conversation_id, jsonb_set(payload, '{message,conversationId}', to_jsonb(conversation_id)), now() AT TIME ZONE 'UTC'
      FROM (SELECT c.* FROM c JOIN m ON m."id" = c.id ORDER BY c.ord) x
      RETURNING "id"
    )
    SELECT pg_notify(${INBOX_CHANNEL}, "id"::text)::text AS "notified" FROM ie`;
  return items.map(() => undefined);
});
