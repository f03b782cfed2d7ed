// copyMessage and forwardMessage (between private chats of the same bot).
import { E } from "../errors";
import type { StoredMessage } from "../model";
import { formatCaption } from "../text/format";
import type { TgMessage } from "../types";
import { admitSend, chatFor, peekChatId, preSend } from "./guard";
import { readEntities, readReplyMarkup } from "./markup";
import { botAsUser, deliverBotMessage } from "./message";
import type { MethodContext, MethodDef } from "./types";

function sourceMessage(ctx: MethodContext, notFound: () => Error): StoredMessage {
  const fromChatId = ctx.params.chatId("from_chat_id");
  const messageId = ctx.params.int("message_id");
  if (messageId === undefined) throw E.messageIdMissing();
  const stored = ctx.bot.chats.get(fromChatId)?.messages.get(messageId);
  if (!stored || stored.deleted) throw notFound();
  return stored;
}

function copyMessage(ctx: MethodContext): { message_id: number } {
  preSend(ctx, peekChatId(ctx));
  const { params } = ctx;
  const chatId = params.chatId();
  const source = sourceMessage(ctx, E.copyNotFound).message;
  const parseMode = params.str("parse_mode");
  const replyMarkup = readReplyMarkup(params);
  const content: Partial<TgMessage> = {};
  if (source.text !== undefined) {
    content.text = source.text;
    if (source.entities) content.entities = structuredClone(source.entities);
  }
  if (source.photo) {
    content.photo = structuredClone(source.photo);
    if (params.str("caption") !== undefined) {
      const caption = formatCaption(params.str("caption") ?? "", parseMode, readEntities(params, "caption_entities"));
      if (caption.text) content.caption = caption.text;
      if (caption.entities.length > 0) content.caption_entities = caption.entities;
    } else if (source.caption !== undefined) {
      content.caption = source.caption;
      if (source.caption_entities) content.caption_entities = structuredClone(source.caption_entities);
    }
  }
  const chat = chatFor(ctx.bot, chatId);
  admitSend(ctx, chat, params.bool("allow_paid_broadcast"));
  const sent = deliverBotMessage(ctx, chat, content, {
    replyMarkup: replyMarkup ?? source.reply_markup,
    parseMode,
  });
  return { message_id: sent.message_id };
}

function forwardMessage(ctx: MethodContext): TgMessage {
  preSend(ctx, peekChatId(ctx));
  const chatId = ctx.params.chatId();
  const source = sourceMessage(ctx, E.forwardNotFound).message;
  const chat = chatFor(ctx.bot, chatId);
  admitSend(ctx, chat, false);
  const { message_id: _id, from, chat: _chat, date, reply_markup: _markup, edit_date: _edit, ...content } = source;
  return deliverBotMessage(
    ctx,
    chat,
    {
      ...structuredClone(content),
      forward_origin: source.forward_origin ?? { type: "user", date, sender_user: from ?? botAsUser(ctx.bot) },
    },
    {},
  );
}

export const copyMethods: MethodDef[] = [
  { name: "copyMessage", handler: copyMessage },
  { name: "forwardMessage", handler: forwardMessage },
];
