// grammY API transformer: every message the bot sends is stored in its
// conversation with a delivery state, whoever sent it (handler, agent, campaign).
import type { Transformer } from "grammy";
import { db } from "../db/client";
import { log } from "../log";
import { publishInboxEvent } from "../realtime/publish";
import { MESSAGE_SELECT, toMessageView } from "../inbox/list-messages";
import { previewOf, touchConversation } from "../inbox/touch-conversation";

const SEND_METHODS = new Set(["sendMessage", "sendPhoto", "copyMessage"]);

type TPayload = { chat_id?: unknown; text?: unknown; caption?: unknown; photo?: unknown; reply_markup?: unknown };

export function recordOutgoing(botId: string, staffId?: string): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!SEND_METHODS.has(method)) return result;
    const p = payload as TPayload;
    if (typeof p.chat_id !== "number" && typeof p.chat_id !== "string") return result;
    try {
      const conversation = await db().conversation.findUnique({
        where: { botId_chatId: { botId, chatId: BigInt(p.chat_id) } },
        select: { id: true },
      });
      if (conversation) {
        const okResult = result.ok ? (result.result as { message_id?: number }) : null;
        const text = typeof p.text === "string" ? p.text : typeof p.caption === "string" ? p.caption : null;
        const media = typeof p.photo === "string" ? { kind: "photo", fileId: p.photo } : undefined;
        await db().$transaction(async (tx) => {
          const message = await tx.message.create({
            data: {
              conversationId: conversation.id,
              direction: "OUT",
              telegramMessageId: okResult?.message_id ?? null,
              text,
              media,
              buttons: p.reply_markup ? (JSON.parse(JSON.stringify(p.reply_markup)) as object) : undefined,
              senderStaffId: staffId ?? null,
              deliveryState: result.ok ? "SENT" : "FAILED",
              failureReason: result.ok ? null : result.description,
              sentAt: result.ok ? new Date() : null,
            },
            select: MESSAGE_SELECT,
          });
          await touchConversation(tx, conversation.id, { preview: previewOf(text, media), at: message.createdAt });
          await publishInboxEvent(tx, { kind: "message.created", conversationId: conversation.id, payload: { message: toMessageView(message) } });
        });
      }
    } catch (e) {
      log.warn("could not record an outgoing message", { botId, method, error: e instanceof Error ? e.message : String(e) });
    }
    return result;
  };
}
