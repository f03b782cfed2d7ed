// Helpers shared by the HTML / Markdown parsers (offsets are UTF-16 code units,
// error positions are UTF-8 byte offsets into the markup, as in TDLib).
import type { TgMessageEntity } from "../types";

export interface ParsedText {
  text: string;
  entities: TgMessageEntity[];
}

/** Raised with the part of the description after "can't parse entities: ". */
export class EntityParseError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = "EntityParseError";
  }
}

export function byteOffset(markup: string, index: number): number {
  return Buffer.byteLength(markup.slice(0, index), "utf8");
}

export function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\v";
}

const TYPE_PRIORITY = [
  "blockquote",
  "expandable_blockquote",
  "pre",
  "code",
  "text_link",
  "text_mention",
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "spoiler",
  "custom_emoji",
];

/** Telegram's order: by offset, longer first, then by entity type. */
export function sortEntities(entities: TgMessageEntity[]): TgMessageEntity[] {
  const rank = (t: string): number => {
    const r = TYPE_PRIORITY.indexOf(t);
    return r === -1 ? TYPE_PRIORITY.length : r;
  };
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length || rank(a.type) - rank(b.type));
}

/**
 * Normalises a link target the way Telegram does for text links:
 * "telegram.org" -> "http://telegram.org/". Returns null when it is not a URL.
 */
export function checkUrl(raw: string): string | null {
  if (!raw || /\s/.test(raw)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (scheme?.[1] && !/^(https?|tg|ton)$/i.test(scheme[1])) return null;
  if (scheme?.[1] && /^(tg|ton)$/i.test(scheme[1])) return raw;
  const prefix = scheme ? `${scheme[1]?.toLowerCase()}://` : "http://";
  const rest = scheme ? raw.slice(scheme[0].length) : raw;
  const hostEnd = rest.search(/[/?#]/);
  const host = (hostEnd === -1 ? rest : rest.slice(0, hostEnd)).toLowerCase();
  const tail = hostEnd === -1 ? "" : rest.slice(hostEnd);
  if (!/^[a-z0-9\u00a0-\uffff.-]+(:\d{1,5})?$/.test(host) || host.startsWith(".")) return null;
  if (!host.includes(".") && !host.startsWith("localhost")) return null;
  return `${prefix}${host}${tail.startsWith("/") ? tail : `/${tail}`}`;
}

/** Removes leading/trailing whitespace, shifting and clipping entities. */
export function trimParsed(parsed: ParsedText): ParsedText {
  const { text } = parsed;
  const start = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (start === 0 && trimmed.length === text.length) return parsed;
  const end = start + trimmed.length;
  const entities: TgMessageEntity[] = [];
  for (const e of parsed.entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) entities.push({ ...e, offset: from - start, length: to - from });
  }
  return { text: trimmed, entities };
}
