// Job `inbox.deliver-message`: sends one agent reply through the bot's Bot API
// server. Idempotent: only a PENDING message is claimed (PENDING → SENDING in
// one UPDATE), so a retried or duplicated job never sends twice. Temporary
// failures (429 after waiting, 5xx, network) put it back to PENDING and let the
// queue retry; a permanent one (blocked, chat not found) fails it with a reason.
import { GrammyError, HttpError, InputFile } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { db } from "../db/client";
import { apiForBot } from "../telegram/bot-api";
import { publishInboxEvent } from "../realtime/publish";
import { log } from "../log";
import { MESSAGE_SELECT, toMessageView } from "./list-messages";
import { toTelegramHtml } from "./format";

export class RetryableDeliveryError extends Error {}

export function describeSendFailure(e: GrammyError): { reason: string; blocked: boolean } {
  const d = e.description.toLowerCase();
  if (e.error_code === 403 && d.includes("blocked")) return { reason: "the user blocked the bot", blocked: true };
  if (e.error_code === 403 && d.includes("deactivated")) return { reason: "the user deleted their account", blocked: true };
  if (e.error_code === 400 && d.includes("chat not found")) return { reason: "the chat no longer exists", blocked: false };
  return { reason: e.description.replace(/^(Bad Request|Forbidden): /, ""), blocked: false };
}

export async function deliverMessage(messageId: string): Promise<void> {
  const claimed = await db().message.updateMany({ where: { id: messageId, deliveryState: "PENDING" }, data: { deliveryState: "SENDING" } });
  if (claimed.count === 0) return;
  const message = await db().message.findUniqueOrThrow({
    where: { id: messageId },
    select: { id: true, text: true, media: true, conversation: { select: { id: true, chatId: true, telegramUserId: true, botId: true } } },
  });
  const api = await apiForBot(message.conversation.botId);
  api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 30 }));
  const conversationId = message.conversation.id;

  let outcome: { state: "SENT"; telegramMessageId: number; fileId?: string } | { state: "FAILED"; reason: string; blocked: boolean };
  const media = message.media as { kind?: string; uploadId?: string; mimeType?: string; fileId?: string } | null;
  const chatId = Number(message.conversation.chatId);
  try {
    if (media?.kind === "photo" && media.uploadId) {
      const upload = await db().upload.findUniqueOrThrow({ where: { id: media.uploadId }, select: { data: true, mimeType: true } });
      const ext = upload.mimeType === "image/png" ? "png" : upload.mimeType === "image/webp" ? "webp" : "jpg";
      const caption = message.text ? { caption: toTelegramHtml(message.text), parse_mode: "HTML" as const } : {};
      const sent = await api.sendPhoto(chatId, media.fileId ?? new InputFile(Buffer.from(upload.data), `photo.${ext}`), caption);
      outcome = { state: "SENT", telegramMessageId: sent.message_id, fileId: sent.photo.at(-1)?.file_id };
    } else {
      const sent = await api.sendMessage(chatId, toTelegramHtml(message.text ?? ""), { parse_mode: "HTML" });
      outcome = { state: "SENT", telegramMessageId: sent.message_id };
    }
  } catch (e) {
    if (e instanceof GrammyError && e.error_code !== 429 && e.error_code < 500) {
      outcome = { state: "FAILED", ...describeSendFailure(e) };
    } else {
      await db().message.update({ where: { id: messageId }, data: { deliveryState: "PENDING" } });
      const why = e instanceof GrammyError ? `${e.error_code} ${e.description}` : e instanceof HttpError ? "network error" : String(e);
      log.warn("agent reply not delivered yet; will retry", { messageId, why });
      throw new RetryableDeliveryError(why);
    }
  }

  await db().$transaction(async (tx) => {
    const updated = await tx.message.update({
      where: { id: messageId },
      data:
        outcome.state === "SENT"
          ? {
              deliveryState: "SENT", telegramMessageId: outcome.telegramMessageId, sentAt: new Date(), failureReason: null,
              ...(outcome.fileId && media ? { media: { ...media, fileId: outcome.fileId } } : {}),
            }
          : { deliveryState: "FAILED", failureReason: outcome.reason },
      select: MESSAGE_SELECT,
    });
    if (outcome.state === "FAILED" && outcome.blocked) {
      const user = await tx.telegramUser.findUniqueOrThrow({ where: { id: message.conversation.telegramUserId }, select: { blockedAt: true, botId: true } });
      if (!user.blockedAt) {
        await tx.telegramUser.update({ where: { id: message.conversation.telegramUserId }, data: { blockedAt: new Date() } });
        await tx.event.create({
          data: { botId: user.botId, telegramUserId: message.conversation.telegramUserId, name: "bot_blocked", properties: { detectedBy: "send_failed" } },
        });
      }
      await publishInboxEvent(tx, { kind: "conversation.updated", conversationId, payload: { reason: "blocked" } });
    }
    await publishInboxEvent(tx, { kind: "message.updated", conversationId, payload: { message: toMessageView(updated) } });
  });
}
