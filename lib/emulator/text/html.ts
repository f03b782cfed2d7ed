// parse_mode "HTML", following TDLib's parse_html (same rules and error texts).
import type { TgMessageEntity } from "../types";
import {
  EntityParseError,
  byteOffset,
  checkUrl,
  isSpace,
  sortEntities,
  type ParsedText,
} from "./entity-utils";

const SUPPORTED_TAGS = new Set([
  "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
  "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
]);

const SIMPLE_TYPES: Record<string, string> = {
  b: "bold", strong: "bold", i: "italic", em: "italic", u: "underline", ins: "underline",
  s: "strikethrough", strike: "strikethrough", del: "strikethrough",
  "tg-spoiler": "spoiler", span: "spoiler", pre: "pre",
};

const NAMED_ENTITIES: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };

interface OpenTag {
  tag: string;
  argument: string;
  expandable: boolean;
  offset: number;
}

const fail = (detail: string): never => {
  throw new EntityParseError(detail);
};

/** Decodes "&lt;", "&#123;", "&#x1F600;" (";" optional); null when not an entity. */
export function decodeHtmlEntity(s: string, pos: number): { code: number; next: number } | null {
  let end = pos + 1;
  let code = 0;
  if (s[end] === "#") {
    end += 1;
    const hex = s[end] === "x";
    if (hex) end += 1;
    const digit = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    while (end < s.length && digit.test(s[end] ?? "")) {
      code = code * (hex ? 16 : 10) + parseInt(s[end] ?? "0", 16);
      end += 1;
      if (code >= 0x10ffff) return null;
    }
    if (code === 0 || end - pos >= 10) return null;
  } else {
    while (end < s.length && /[A-Za-z]/.test(s[end] ?? "")) end += 1;
    const named = NAMED_ENTITIES[s.slice(pos + 1, end)];
    if (named === undefined) return null;
    code = named;
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    fail("Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units");
  }
  return { code, next: s[end] === ";" ? end + 1 : end };
}

export function parseHtml(markup: string): ParsedText {
  const n = markup.length;
  let out = "";
  const stack: OpenTag[] = [];
  const entities: TgMessageEntity[] = [];
  let i = 0;
  while (i < n) {
    const c = markup[i] ?? "";
    if (c === "&") {
      const decoded = decodeHtmlEntity(markup, i);
      if (decoded) {
        out += String.fromCodePoint(decoded.code);
        i = decoded.next;
        continue;
      }
    }
    if (c !== "<") {
      out += c;
      i += 1;
      continue;
    }
    const begin = i;
    i += 1;
    if (markup[i] !== "/") {
      const open = readStartTag(markup, begin);
      stack.push({ ...open.tag, offset: out.length });
      i = open.next;
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) return fail(`Unexpected end tag at byte offset ${byteOffset(markup, begin)}`);
    while (i < n && !isSpace(markup[i]) && markup[i] !== ">") i += 1;
    const endName = markup.slice(begin + 2, i).toLowerCase();
    while (i < n && isSpace(markup[i])) i += 1;
    if (markup[i] !== ">") fail(`Unclosed end tag at byte offset ${byteOffset(markup, begin)}`);
    if (endName && endName !== top.tag) {
      fail(
        `Unmatched end tag at byte offset ${byteOffset(markup, begin)}, expected "</${top.tag}>", found "</${endName}>"`,
      );
    }
    i += 1;
    stack.pop();
    if (out.length > top.offset) {
      const entity = makeEntity(top, out);
      if (entity) entities.push(entity);
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text: out, entities: mergePreCode(sortEntities(entities)) };
}

function readStartTag(markup: string, begin: number): { tag: Omit<OpenTag, "offset">; next: number } {
  const n = markup.length;
  const at = (): number => byteOffset(markup, begin);
  let i = begin + 1;
  while (i < n && !isSpace(markup[i]) && markup[i] !== ">") i += 1;
  if (i >= n) fail(`Unclosed start tag at byte offset ${at()}`);
  const tag = markup.slice(begin + 1, i).toLowerCase();
  if (!SUPPORTED_TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${at()}`);
  let argument = "";
  let expandable = false;
  while (markup[i] !== ">") {
    while (i < n && isSpace(markup[i])) i += 1;
    if (i >= n) fail(`Unclosed start tag at byte offset ${at()}`);
    if (markup[i] === ">") break;
    const nameStart = i;
    while (i < n && !isSpace(markup[i]) && markup[i] !== "=" && markup[i] !== ">") i += 1;
    const name = markup.slice(nameStart, i).toLowerCase();
    if (!name) fail(`Empty attribute name in the tag "${tag}" at byte offset ${at()}`);
    while (i < n && isSpace(markup[i])) i += 1;
    if (markup[i] !== "=") {
      if (tag === "blockquote" && name === "expandable") expandable = true;
      continue;
    }
    i += 1;
    while (i < n && isSpace(markup[i])) i += 1;
    if (i >= n) fail(`Unclosed start tag "${tag}" at byte offset ${at()}`);
    let value = "";
    const quote = markup[i];
    if (quote !== '"' && quote !== "'") {
      const tokenStart = i;
      while (i < n && /[A-Za-z0-9.-]/.test(markup[i] ?? "")) i += 1;
      value = markup.slice(tokenStart, i).toLowerCase();
      if (i < n && !isSpace(markup[i]) && markup[i] !== ">") {
        fail(`Unexpected end of name token at byte offset ${byteOffset(markup, tokenStart)}`);
      }
    } else {
      i += 1;
      while (i < n && markup[i] !== quote) {
        const decoded = markup[i] === "&" ? decodeHtmlEntity(markup, i) : null;
        if (decoded) {
          value += String.fromCodePoint(decoded.code);
          i = decoded.next;
        } else {
          value += markup[i];
          i += 1;
        }
      }
      if (markup[i] === quote) i += 1;
    }
    if (i >= n) fail(`Unclosed start tag at byte offset ${at()}`);
    if (tag === "a" && name === "href") argument = value;
    else if (tag === "code" && name === "class" && value.startsWith("language-")) argument = value.slice(9);
    else if (tag === "span" && name === "class" && value.startsWith("tg-")) argument = value.slice(3);
    else if (tag === "tg-emoji" && name === "emoji-id") argument = value;
    else if (tag === "blockquote" && name === "expandable") expandable = true;
  }
  if (tag === "span" && argument !== "spoiler") {
    fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at()}`);
  }
  return { tag: { tag, argument, expandable }, next: i + 1 };
}

function makeEntity(open: OpenTag, out: string): TgMessageEntity | null {
  const offset = open.offset;
  const length = out.length - offset;
  const simple = SIMPLE_TYPES[open.tag];
  if (simple) return { type: simple, offset, length };
  if (open.tag === "blockquote") {
    return { type: open.expandable ? "expandable_blockquote" : "blockquote", offset, length };
  }
  if (open.tag === "code") {
    return open.argument ? { type: "code", offset, length, language: open.argument } : { type: "code", offset, length };
  }
  if (open.tag === "tg-emoji") {
    if (!/^[1-9]\d{0,18}$/.test(open.argument)) fail("Invalid custom emoji identifier specified");
    return { type: "custom_emoji", offset, length, custom_emoji_id: open.argument };
  }
  const url = checkUrl(open.argument || out.slice(offset));
  return url ? { type: "text_link", offset, length, url } : null;
}

/** <pre><code class="language-x"> spanning the same text becomes one pre entity. */
function mergePreCode(entities: TgMessageEntity[]): TgMessageEntity[] {
  const result: TgMessageEntity[] = [];
  for (const e of entities) {
    if (e.type !== "code" || e.language === undefined) {
      result.push(e);
      continue;
    }
    const pre = entities.find((p) => p.type === "pre" && p.offset === e.offset && p.length === e.length);
    if (pre) pre.language = e.language;
    else result.push({ type: "code", offset: e.offset, length: e.length });
  }
  return result;
}
