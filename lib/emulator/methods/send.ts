// sendMessage and sendPhoto.
import { E, badRequest } from "../errors";
import { FILE_ID_PATTERN, makeFileId, makeFileUniqueId } from "../ids";
import type { ChatRecord } from "../model";
import { formatCaption, formatMessageText } from "../text/format";
import type { TgLinkPreviewOptions, TgMessage, TgPhotoSize } from "../types";
import { admitSend, chatFor, peekChatId, preSend } from "./guard";
import { readEntities, readReplyMarkup } from "./markup";
import { deliverBotMessage } from "./message";
import type { MethodContext, MethodDef } from "./types";

function linkPreview(ctx: MethodContext): TgLinkPreviewOptions | undefined {
  const options = ctx.params.json("link_preview_options");
  if (options && typeof options === "object") return options as TgLinkPreviewOptions;
  if (ctx.params.bool("disable_web_page_preview")) return { is_disabled: true };
  return undefined;
}

/** reply_parameters / reply_to_message_id must point at an existing message. */
function checkReplyTarget(ctx: MethodContext, chat: ChatRecord): void {
  const replyParams = ctx.params.json("reply_parameters");
  let target = ctx.params.int("reply_to_message_id");
  let allowMissing = ctx.params.bool("allow_sending_without_reply");
  if (replyParams && typeof replyParams === "object") {
    const rp = replyParams as { message_id?: unknown; allow_sending_without_reply?: unknown };
    if (typeof rp.message_id === "number") target = rp.message_id;
    allowMissing = allowMissing || rp.allow_sending_without_reply === true;
  }
  if (target === undefined || allowMissing) return;
  const stored = chat.messages.get(target);
  if (!stored || stored.deleted) throw badRequest("message to be replied not found");
}

function sendMessage(ctx: MethodContext): TgMessage {
  preSend(ctx, peekChatId(ctx));
  const { params } = ctx;
  const chatId = params.chatId();
  const parseMode = params.str("parse_mode");
  const parsed = formatMessageText(params.str("text") ?? "", parseMode, readEntities(params, "entities"));
  const replyMarkup = readReplyMarkup(params);
  const preview = linkPreview(ctx);
  const chat = chatFor(ctx.bot, chatId);
  checkReplyTarget(ctx, chat);
  admitSend(ctx, chat, params.bool("allow_paid_broadcast"));
  const content: Partial<TgMessage> = { text: parsed.text };
  if (parsed.entities.length > 0) content.entities = parsed.entities;
  if (preview) content.link_preview_options = preview;
  return deliverBotMessage(ctx, chat, content, { replyMarkup, parseMode });
}

export function photoSizes(fileId: string): TgPhotoSize[] {
  const sizes: Array<[number, number, number]> = [[90, 51, 1450], [320, 180, 14620], [800, 450, 61230]];
  return sizes.map(([width, height, size], i) => ({
    file_id: i === sizes.length - 1 ? fileId : makeFileId(),
    file_unique_id: makeFileUniqueId(),
    width,
    height,
    file_size: size,
  }));
}

function resolvePhoto(ctx: MethodContext): string {
  const { params, state } = ctx;
  let fileId: string | undefined;
  if (params.upload("photo")) fileId = makeFileId();
  else {
    const value = params.str("photo");
    if (!value) throw E.noPhoto();
    if (/^https?:\/\/\S+$/i.test(value)) fileId = makeFileId();
    else if (state.fileIds.has(value) || FILE_ID_PATTERN.test(value)) fileId = value;
    else throw E.wrongFileId();
  }
  return fileId;
}

function sendPhoto(ctx: MethodContext): TgMessage {
  preSend(ctx, peekChatId(ctx));
  const { params } = ctx;
  const chatId = params.chatId();
  const fileId = resolvePhoto(ctx);
  const parseMode = params.str("parse_mode");
  const caption = formatCaption(params.str("caption") ?? "", parseMode, readEntities(params, "caption_entities"));
  const replyMarkup = readReplyMarkup(params);
  const chat = chatFor(ctx.bot, chatId);
  checkReplyTarget(ctx, chat);
  admitSend(ctx, chat, params.bool("allow_paid_broadcast"));
  const photo = photoSizes(fileId);
  for (const size of photo) ctx.state.fileIds.add(size.file_id);
  const content: Partial<TgMessage> = { photo };
  if (caption.text) content.caption = caption.text;
  if (caption.entities.length > 0) content.caption_entities = caption.entities;
  return deliverBotMessage(ctx, chat, content, { replyMarkup, parseMode });
}

export const sendMethods: MethodDef[] = [
  { name: "sendMessage", handler: sendMessage },
  { name: "sendPhoto", handler: sendPhoto },
];
