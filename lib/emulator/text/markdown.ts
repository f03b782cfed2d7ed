// Legacy parse_mode "Markdown", following TDLib's parse_markdown.
import type { TgMessageEntity } from "../types";
import { EntityParseError, byteOffset, checkUrl, isSpace, sortEntities, type ParsedText } from "./entity-utils";

const MARKERS = "_*`[";

export function parseMarkdown(s: string): ParsedText {
  let out = "";
  const entities: TgMessageEntity[] = [];
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s[i] ?? "";
    if (c === "\\" && MARKERS.includes(s[i + 1] ?? "-")) {
      out += s[++i];
      continue;
    }
    if (!MARKERS.includes(c)) {
      out += c;
      continue;
    }
    const begin = i;
    const endChar = c === "[" ? "]" : c;
    let isPre = false;
    let language = "";
    i++;
    if (c === "`" && s[i] === "`" && s[i + 1] === "`") {
      i += 2;
      isPre = true;
      let langEnd = i;
      while (langEnd < n && !isSpace(s[langEnd]) && s[langEnd] !== "`") langEnd++;
      if (i !== langEnd && langEnd < n && s[langEnd] !== "`") {
        language = s.slice(i, langEnd);
        i = langEnd;
      }
      if (s[i] === "\n" || s[i] === "\r") {
        i += (s[i + 1] === "\n" || s[i + 1] === "\r") && s[i] !== s[i + 1] ? 2 : 1;
      }
    }
    const offset = out.length;
    while (i < n && (s[i] !== endChar || (isPre && !(s[i + 1] === "`" && s[i + 2] === "`")))) out += s[i++];
    if (i >= n) {
      throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(s, begin)}`);
    }
    const length = out.length - offset;
    let url = "";
    if (c === "[") {
      if (s[i + 1] !== "(") url = out.slice(offset);
      else {
        i += 2;
        while (i < n && s[i] !== ")") url += s[i++];
      }
    }
    if (length > 0) {
      if (c === "_") entities.push({ type: "italic", offset, length });
      else if (c === "*") entities.push({ type: "bold", offset, length });
      else if (c === "[") {
        const checked = checkUrl(url);
        if (checked) entities.push({ type: "text_link", offset, length, url: checked });
      } else if (isPre) {
        entities.push(language ? { type: "pre", offset, length, language } : { type: "pre", offset, length });
      } else entities.push({ type: "code", offset, length });
    }
    if (isPre) i += 2;
  }
  return { text: out, entities: sortEntities(entities) };
}
