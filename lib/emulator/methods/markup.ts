// reply_markup / entities parameter parsing and validation.
import { E, badRequest } from "../errors";
import type { Params } from "../params";
import type { TgInlineKeyboardMarkup, TgMessageEntity, TgReplyMarkup } from "../types";
import { checkUrl } from "../text/entity-utils";

const BUTTON_ACTIONS = [
  "url", "callback_data", "web_app", "login_url", "switch_inline_query",
  "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
  "copy_text", "callback_game", "pay",
];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const markupError = (): Error => badRequest("can't parse reply keyboard markup JSON object");

export function readReplyMarkup(params: Params): TgReplyMarkup | undefined {
  const value = params.json("reply_markup", markupError);
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw markupError();
  if ("inline_keyboard" in value) validateInlineKeyboard(value.inline_keyboard);
  return value as TgReplyMarkup;
}

export function inlineKeyboardOf(markup: TgReplyMarkup | undefined): TgInlineKeyboardMarkup | undefined {
  if (!markup || !("inline_keyboard" in markup) || !Array.isArray(markup.inline_keyboard)) return undefined;
  return markup as TgInlineKeyboardMarkup;
}

function validateInlineKeyboard(rows: unknown): void {
  const shape = badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  if (!Array.isArray(rows)) throw shape;
  for (const row of rows) {
    if (!Array.isArray(row)) throw shape;
    for (const button of row) validateButton(button);
  }
}

function validateButton(button: unknown): void {
  if (!isRecord(button)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof button.text !== "string") {
    throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  }
  if (!BUTTON_ACTIONS.some((key) => button[key] !== undefined)) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    if (typeof data !== "string" || data.length === 0 || Buffer.byteLength(data, "utf8") > 64) {
      throw E.buttonDataInvalid();
    }
  }
  if (button.url !== undefined) {
    const url = button.url;
    if (typeof url !== "string" || (!url.startsWith("tg://") && checkUrl(url) === null)) {
      throw badRequest("BUTTON_URL_INVALID");
    }
  }
}

/** Explicit `entities` / `caption_entities` arrays. */
export function readEntities(params: Params, name: string): TgMessageEntity[] | undefined {
  const value = params.json(name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badRequest(`can't parse ${name} JSON object`);
  return value.map((e): TgMessageEntity => {
    if (!isRecord(e) || typeof e.type !== "string" || typeof e.offset !== "number" || typeof e.length !== "number") {
      throw badRequest(`can't parse ${name} JSON object`);
    }
    return e as unknown as TgMessageEntity;
  });
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
