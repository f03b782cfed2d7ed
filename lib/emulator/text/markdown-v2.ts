// parse_mode "MarkdownV2", following TDLib's parse_markdown_v2 (same error texts).
import type { TgMessageEntity } from "../types";
import { EntityParseError, byteOffset, checkUrl, isSpace, sortEntities, type ParsedText } from "./entity-utils";

type Kind = "Bold" | "Italic" | "Underline" | "Strikethrough" | "Spoiler" | "Code" | "Pre" | "PreCode" | "TextUrl" | "CustomEmoji";

const API_TYPE: Record<Kind, string> = {
  Bold: "bold", Italic: "italic", Underline: "underline", Strikethrough: "strikethrough",
  Spoiler: "spoiler", Code: "code", Pre: "pre", PreCode: "pre", TextUrl: "text_link", CustomEmoji: "custom_emoji",
};

interface Open {
  kind: Kind;
  argument: string;
  offset: number;
  byteAt: number;
}

const RESERVED = "_*[]()~`>#+-=|{}.!";

const reserved = (c: string): EntityParseError =>
  new EntityParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);

function isEnd(kind: Kind, s: string, i: number): boolean {
  const c = s[i];
  switch (kind) {
    case "Bold": return c === "*";
    case "Italic": return c === "_" && s[i + 1] !== "_";
    case "Code": return c === "`";
    case "Pre":
    case "PreCode": return c === "`" && s[i + 1] === "`" && s[i + 2] === "`";
    case "TextUrl":
    case "CustomEmoji": return c === "]";
    case "Underline": return c === "_" && s[i + 1] === "_";
    case "Strikethrough": return c === "~";
    case "Spoiler": return c === "|" && s[i + 1] === "|";
  }
}

export function parseMarkdownV2(s: string): ParsedText {
  let out = "";
  const stack: Open[] = [];
  const entities: TgMessageEntity[] = [];
  let quoteStart = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    const next = s.charCodeAt(i + 1);
    if (c === "\\" && next > 0 && next <= 126) {
      out += s[++i];
      continue;
    }
    const top = stack[stack.length - 1];
    const inCode = top !== undefined && (top.kind === "Code" || top.kind === "Pre" || top.kind === "PreCode");
    const atLineStart = i === 0 || s[i - 1] === "\n";
    if (c === ">" && atLineStart && !inCode) {
      if (quoteStart === -1) quoteStart = out.length;
      continue;
    }
    if (c === "\n" && quoteStart !== -1 && s[i + 1] !== ">") {
      if (out.length > quoteStart) entities.push({ type: "blockquote", offset: quoteStart, length: out.length - quoteStart });
      quoteStart = -1;
    }
    if (!(inCode ? "`" : RESERVED).includes(c)) {
      out += c;
      continue;
    }
    if (!top || !isEnd(top.kind, s, i)) {
      const byteAt = byteOffset(s, i);
      let kind: Kind;
      let argument = "";
      if (c === "_") {
        kind = s[i + 1] === "_" ? "Underline" : "Italic";
        if (kind === "Underline") i++;
      } else if (c === "*") kind = "Bold";
      else if (c === "~") kind = "Strikethrough";
      else if (c === "[") kind = "TextUrl";
      else if (c === "|" && s[i + 1] === "|") {
        kind = "Spoiler";
        i++;
      } else if (c === "!" && s[i + 1] === "[") {
        kind = "CustomEmoji";
        i++;
      } else if (c === "`" && s[i + 1] === "`" && s[i + 2] === "`") {
        i += 3;
        kind = "Pre";
        let langEnd = i;
        while (langEnd < s.length && !isSpace(s[langEnd]) && s[langEnd] !== "`") langEnd++;
        if (i !== langEnd && langEnd < s.length && s[langEnd] !== "`") {
          kind = "PreCode";
          argument = s.slice(i, langEnd);
          i = langEnd;
        }
        if (s[i] === "\n" || s[i] === "\r") {
          i += (s[i + 1] === "\n" || s[i + 1] === "\r") && s[i] !== s[i + 1] ? 2 : 1;
        }
        i--;
      } else if (c === "`") kind = "Code";
      else throw reserved(c);
      stack.push({ kind, argument, offset: out.length, byteAt });
      continue;
    }
    stack.pop();
    let url = "";
    let explicitUrl = false;
    if (top.kind === "Underline" || top.kind === "Spoiler") i++;
    else if (top.kind === "Pre" || top.kind === "PreCode") i += 2;
    else if (top.kind === "TextUrl" || top.kind === "CustomEmoji") {
      if (s[i + 1] !== "(") {
        url = out.slice(top.offset);
      } else {
        i += 2;
        explicitUrl = true;
        const urlBegin = i;
        while (i < s.length && s[i] !== ")") {
          const code = s.charCodeAt(i + 1);
          if (s[i] === "\\" && code > 0 && code <= 126) {
            url += s[i + 1];
            i += 2;
            continue;
          }
          url += s[i++];
        }
        if (s[i] !== ")") throw new EntityParseError(`Can't find end of a URL at byte offset ${byteOffset(s, urlBegin)}`);
      }
    }
    if (out.length === top.offset) continue;
    const base = { type: API_TYPE[top.kind], offset: top.offset, length: out.length - top.offset };
    if (top.kind === "PreCode") entities.push({ ...base, language: top.argument });
    else if (top.kind === "CustomEmoji") {
      const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url)?.[1];
      if (!explicitUrl) throw new EntityParseError("The entity must contain a tg://emoji or tg://time URL");
      if (!id) throw new EntityParseError("Invalid tg://emoji or tg://time URL specified");
      entities.push({ ...base, custom_emoji_id: id });
    } else if (top.kind === "TextUrl") {
      const checked = checkUrl(url);
      if (checked) entities.push({ ...base, url: checked });
    } else entities.push(base);
  }
  const open = stack[stack.length - 1];
  if (open) throw new EntityParseError(`Can't find end of ${open.kind} entity at byte offset ${open.byteAt}`);
  if (quoteStart !== -1 && out.length > quoteStart) {
    entities.push({ type: "blockquote", offset: quoteStart, length: out.length - quoteStart });
  }
  return { text: out, entities: sortEntities(entities) };
}
