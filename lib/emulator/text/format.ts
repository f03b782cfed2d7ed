// Turns text + parse_mode/entities into Telegram's final text and entities,
// raising Telegram's errors for bad markup and over-long texts.
import { E, badRequest } from "../errors";
import type { TgMessageEntity } from "../types";
import { EntityParseError, trimParsed, type ParsedText } from "./entity-utils";
import { parseHtml } from "./html";
import { parseMarkdown } from "./markdown";
import { parseMarkdownV2 } from "./markdown-v2";

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/**
 * Length as Telegram measures it for these limits: Unicode code points (TDLib's
 * utf8_length), not UTF-16 units, so "😀" counts 1 although its .length is 2.
 */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Parses markup; the result is trimmed like Telegram does before sending. */
export function formatText(
  raw: string,
  parseMode: string | undefined,
  explicitEntities: TgMessageEntity[] | undefined,
): ParsedText {
  let parsed: ParsedText;
  if (explicitEntities) {
    parsed = { text: raw, entities: explicitEntities.map((e) => ({ ...e })) };
  } else {
    parsed = parseWithMode(raw, parseMode);
  }
  return trimParsed(parsed);
}

function parseWithMode(raw: string, parseMode: string | undefined): ParsedText {
  const mode = (parseMode ?? "").toLowerCase();
  try {
    if (mode === "") return { text: raw, entities: [] };
    if (mode === "html") return parseHtml(raw);
    if (mode === "markdownv2") return parseMarkdownV2(raw);
    if (mode === "markdown") return parseMarkdown(raw);
  } catch (error) {
    if (error instanceof EntityParseError) throw E.parse(error.detail);
    throw error;
  }
  throw badRequest(`unsupported parse_mode`);
}

export function formatMessageText(raw: string, parseMode?: string, entities?: TgMessageEntity[]): ParsedText {
  if (raw.trim() === "") throw E.textEmpty();
  const parsed = formatText(raw, parseMode, entities);
  if (parsed.text.length === 0) throw E.textEmpty();
  if (codePointLength(parsed.text) > MAX_TEXT_LENGTH) throw E.textTooLong();
  return parsed;
}

export function formatCaption(raw: string, parseMode?: string, entities?: TgMessageEntity[]): ParsedText {
  const parsed = formatText(raw, parseMode, entities);
  if (codePointLength(parsed.text) > MAX_CAPTION_LENGTH) throw E.captionTooLong();
  return parsed;
}
