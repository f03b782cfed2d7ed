// grammY API transformer: every message the bot sends is stored in its
// conversation with a delivery state, whoever sent it (handler, agent, campaign).
//
// One statement a send (the bot's replies are the busiest writes of a flow): the message,
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
      const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
      const at = now.toISOString();
      await db().$queryRaw`
        WITH c AS (SELECT "id" FROM "Conversation" WHERE "botId" = ${botId} AND "chatId" = ${BigInt(p.chat_id)}),
        m AS (
          INSERT INTO "Message" ("id", "conversationId", "direction", "telegramMessageId", "text", "media", "buttons", "senderStaffId",
            "deliveryState", "failureReason", "isNote", "createdAt", "sentAt")
          SELECT ${message.id}, c."id", 'OUT'::"MessageDirection", ${message.telegramMessageId}::int, ${text}::text, ${json(media)}::jsonb, ${json(buttons)}::jsonb,
            ${staffId ?? null}::text, ${message.deliveryState}::"DeliveryState", ${message.failureReason}::text, false, ${at}::timestamp(3),
            ${message.sentAt ? at : null}::timestamp(3)
          FROM c
          RETURNING "conversationId"
        ),
        touched AS (
          UPDATE "Conversation" SET "lastMessageAt" = ${at}::timestamp(3), "lastMessagePreview" = ${previewOf(text, media)}, "lastMessageDirection" = 'OUT'::"MessageDirection"
          WHERE "id" IN (SELECT "conversationId" FROM m)
        ),
        ie AS (
          INSERT INTO "InboxEvent" ("kind", "conversationId", "payload", "createdAt")
          SELECT 'message.created', m."conversationId", jsonb_set(${JSON.stringify({ message: toMessageView(message) })}::jsonb, '{message,conversationId}', to_jsonb(m."conversationId")),
            now() AT TIME ZONE 'UTC'
          FROM m
          RETURNING "id"
        )
        SELECT pg_notify(${INBOX_CHANNEL}, "id"::text)::text AS "notified" FROM ie`;
    } catch (e) {
      log.warn("could not record an outgoing message", { botId, method, error: e instanceof Error ? e.message : String(e) });
    }
    return result;
  };
}
