// editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage.
import { E, badRequest } from "../errors";
import type { ChatRecord, StoredMessage } from "../model";
import { formatCaption, formatMessageText } from "../text/format";
import type { TgMessage } from "../types";
import { chatFor, ensureReachable } from "./guard";
import { inlineKeyboardOf, readEntities, readReplyMarkup, sameJson } from "./markup";
import { nowSeconds, type MethodContext, type MethodDef } from "./types";

interface Target {
  chat: ChatRecord;
  stored: StoredMessage;
}

function editTarget(ctx: MethodContext): Target {
  if (ctx.params.has("inline_message_id")) throw badRequest("MESSAGE_ID_INVALID");
  const chat = chatFor(ctx.bot, ctx.params.chatId());
  const messageId = ctx.params.int("message_id");
  if (messageId === undefined) throw E.messageIdMissing();
  const stored = chat.messages.get(messageId);
  if (!stored || stored.deleted) throw E.editNotFound();
  if (stored.sender !== "bot") throw E.cantEdit();
  ensureReachable(ctx.state, chat);
  return { chat, stored };
}

/**
 * Replaces the stored message with an edited copy (earlier snapshots stay intact).
 * Text and caption edits re-parse the content, so their parse_mode (or none)
 * replaces the old one; a reply-markup-only edit keeps it.
 */
function applyEdit(ctx: MethodContext, target: Target, next: TgMessage, contentEdit: boolean): TgMessage {
  const previous = target.stored.message;
  const unchanged =
    previous.text === next.text &&
    previous.caption === next.caption &&
    sameJson(previous.entities, next.entities) &&
    sameJson(previous.caption_entities, next.caption_entities) &&
    sameJson(previous.reply_markup, next.reply_markup);
  if (unchanged) throw E.notModified();
  next.edit_date = nowSeconds();
  const replyMarkup = readReplyMarkup(ctx.params);
  target.stored.message = next;
  target.stored.replyMarkup = replyMarkup;
  if (contentEdit) target.stored.parseMode = ctx.params.str("parse_mode");
  return next;
}

function withMarkup(base: TgMessage, ctx: MethodContext): TgMessage {
  const { reply_markup: _old, ...rest } = base;
  const inline = inlineKeyboardOf(readReplyMarkup(ctx.params));
  return inline ? { ...rest, reply_markup: inline } : rest;
}

function editMessageText(ctx: MethodContext): TgMessage {
  const target = editTarget(ctx);
  const { params } = ctx;
  const parsed = formatMessageText(params.str("text") ?? "", params.str("parse_mode"), readEntities(params, "entities"));
  const current = target.stored.message;
  if (current.text === undefined) throw badRequest("there is no text in the message to edit");
  const { entities: _e, ...rest } = withMarkup(current, ctx);
  const next: TgMessage = { ...rest, text: parsed.text };
  if (parsed.entities.length > 0) next.entities = parsed.entities;
  return applyEdit(ctx, target, next, true);
}

function editMessageCaption(ctx: MethodContext): TgMessage {
  const target = editTarget(ctx);
  const { params } = ctx;
  const current = target.stored.message;
  if (current.text !== undefined) throw badRequest("there is no caption in the message to edit");
  const caption = formatCaption(params.str("caption") ?? "", params.str("parse_mode"), readEntities(params, "caption_entities"));
  const { caption: _c, caption_entities: _ce, ...rest } = withMarkup(current, ctx);
  const next: TgMessage = { ...rest };
  if (caption.text) next.caption = caption.text;
  if (caption.entities.length > 0) next.caption_entities = caption.entities;
  return applyEdit(ctx, target, next, true);
}

function editMessageReplyMarkup(ctx: MethodContext): TgMessage {
  const target = editTarget(ctx);
  return applyEdit(ctx, target, withMarkup(target.stored.message, ctx), false);
}

function deleteMessage(ctx: MethodContext): boolean {
  const chat = chatFor(ctx.bot, ctx.params.chatId());
  const messageId = ctx.params.int("message_id");
  if (messageId === undefined) throw E.messageIdMissing();
  const stored = chat.messages.get(messageId);
  if (!stored || stored.deleted) throw E.deleteNotFound();
  stored.deleted = true;
  return true;
}

export const editMethods: MethodDef[] = [
  { name: "editMessageText", handler: editMessageText },
  { name: "editMessageCaption", handler: editMessageCaption },
  { name: "editMessageReplyMarkup", handler: editMessageReplyMarkup },
  { name: "deleteMessage", handler: deleteMessage },
];
