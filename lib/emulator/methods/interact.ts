// answerCallbackQuery, sendChatAction, getChat.
import { E, badRequest } from "../errors";
import { chatFor, ensureReachable } from "./guard";
import type { MethodContext, MethodDef } from "./types";

const CHAT_ACTIONS = new Set([
  "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
  "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
]);

function answerCallbackQuery(ctx: MethodContext): boolean {
  const { params } = ctx;
  const id = params.str("callback_query_id");
  if (!id) throw badRequest("query_id is empty");
  const record = ctx.bot.callbacks.get(id);
  if (!record || record.answered) throw E.queryInvalid();
  const text = params.str("text");
  if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
  record.answered = true;
  record.answer = { at: Date.now() };
  if (text !== undefined) record.answer.text = text;
  if (params.has("show_alert")) record.answer.show_alert = params.bool("show_alert");
  const url = params.str("url");
  if (url !== undefined) record.answer.url = url;
  const cacheTime = params.int("cache_time");
  if (cacheTime !== undefined) record.answer.cache_time = cacheTime;
  return true;
}

function sendChatAction(ctx: MethodContext): boolean {
  const chat = chatFor(ctx.bot, ctx.params.chatId());
  const action = ctx.params.str("action");
  if (!action || !CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
  ensureReachable(ctx.state, chat);
  return true;
}

function getChat(ctx: MethodContext): Record<string, unknown> {
  const chat = chatFor(ctx.bot, ctx.params.chatId());
  return { ...chat.chat, accent_color_id: chat.userId % 7, max_reaction_count: 11, accepted_gift_types: {
    unlimited_gifts: true, limited_gifts: true, unique_gifts: true, premium_subscription: true,
  } };
}

export const interactMethods: MethodDef[] = [
  { name: "answerCallbackQuery", handler: answerCallbackQuery },
  { name: "sendChatAction", handler: sendChatAction },
  { name: "getChat", handler: getChat },
];
