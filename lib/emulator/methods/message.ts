// Building and storing messages the bot sends.
import type { BotRecord, ChatRecord } from "../model";
import type { TgMessage, TgReplyMarkup, TgUser } from "../types";
import { inlineKeyboardOf } from "./markup";
import { nowSeconds, type MethodContext } from "./types";

export function botAsUser(bot: BotRecord): TgUser {
  const user: TgUser = { id: bot.user.id, is_bot: true, first_name: bot.user.first_name };
  if (bot.user.username) user.username = bot.user.username;
  return user;
}

type Content = Omit<TgMessage, "message_id" | "from" | "chat" | "date">;

/** Creates, stores and records a message sent by the bot. */
export function deliverBotMessage(
  ctx: MethodContext,
  chat: ChatRecord,
  content: Content,
  options: { replyMarkup?: TgReplyMarkup; parseMode?: string },
): TgMessage {
  const message: TgMessage = {
    message_id: chat.nextMessageId++,
    from: botAsUser(ctx.bot),
    chat: chat.chat,
    date: nowSeconds(),
    ...content,
  };
  const inline = inlineKeyboardOf(options.replyMarkup);
  if (inline) message.reply_markup = inline;
  chat.messages.set(message.message_id, {
    message,
    sender: "bot",
    method: ctx.method,
    parseMode: options.parseMode,
    replyMarkup: options.replyMarkup,
    deleted: false,
  });
  const now = Date.now();
  ctx.bot.sent.push({ chat_id: chat.chat.id, message_id: message.message_id, method: ctx.method, at: now });
  ctx.bot.stats.sent += 1;
  ctx.bot.limiter.recordSend(now);
  return message;
}

/** Deep copy so later edits do not mutate messages already handed out. */
export function cloneMessage(message: TgMessage): TgMessage {
  return structuredClone(message);
}
