// Telegram's limits on what a flow sends, checked before publishing: HTML that
// Telegram would refuse, texts over 4,096 characters, captions over 1,024, callback
// data over 64 bytes. Uses the same parser as the emulator, so both agree.
import { parseHtml } from "../emulator/text/html";
import { EntityParseError } from "../emulator/text/entity-utils";
import { codePointLength, MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH } from "../emulator/text/format";
import { SAMPLE_USER, escapeHtml, renderTemplate, templateProblems } from "./template";

export const MAX_CALLBACK_DATA_BYTES = 64;

/** Problems of an HTML text template (tokens filled with a sample user), as messages. */
export function htmlTextProblems(template: string, kind: "text" | "caption"): string[] {
  const problems = templateProblems(template);
  const rendered = renderTemplate(template, SAMPLE_USER, escapeHtml);
  try {
    const parsed = parseHtml(rendered);
    const limit = kind === "caption" ? MAX_CAPTION_LENGTH : MAX_TEXT_LENGTH;
    const length = codePointLength(parsed.text.trim());
    if (kind === "text" && length === 0) problems.push("the text is empty");
    if (length > limit) problems.push(`the ${kind} is ${length} characters; Telegram allows ${limit}`);
  } catch (e) {
    if (e instanceof EntityParseError) problems.push(`invalid HTML: ${readableHtmlError(e.detail, rendered)}`);
    else throw e;
  }
  return problems;
}

export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The tags Telegram's HTML accepts, as the messages list them. */
export const ALLOWED_HTML_TAGS = ["b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler", "strong", "em", "ins", "strike", "del", "span class=\"tg-spoiler\"", "tg-emoji"];

/** A few characters of the markup from a byte offset (Telegram counts bytes), for "near …". */
function near(markup: string, byte: number): string {
  const bytes = new TextEncoder().encode(markup);
  const index = new TextDecoder().decode(bytes.slice(0, byte)).length;
  const snippet = markup.slice(index, index + 24).replace(/\s+/g, " ");
  return `“${snippet}${markup.length > index + 24 ? "…" : ""}”`;
}

/**
 * Telegram's parse error ("Unsupported start tag "blink" at byte offset 6") said the way a
 * writer reads it: what is wrong, where (the snippet, not a byte offset), and how to fix it.
 */
export function readableHtmlError(detail: string, markup: string): string {
  const at = /at byte offset (\d+)/.exec(detail);
  const where = at ? ` near ${near(markup, Number(at[1]))}` : "";
  let m: RegExpExecArray | null;
  if ((m = /^Unsupported start tag "([^"]*)"/.exec(detail))) {
    if (m[1] === "") return `a “<” that starts no tag${where}: write it as &lt;`;
    return `<${m[1]}> is not allowed in Telegram HTML (allowed: ${ALLOWED_HTML_TAGS.slice(0, 10).join(", ")}…)`;
  }
  if ((m = /^Unmatched end tag .*expected "<\/([^"]*)>", found "<\/([^"]*)>"/.exec(detail))) return `</${m[2]}> closes <${m[1]}>: close tags in the reverse order they were opened`;
  if ((m = /^Can't find end tag corresponding to start tag "([^"]*)"/.exec(detail))) return `<${m[1]}> is never closed: add </${m[1]}>`;
  if (/^Unexpected end tag/.test(detail)) return `a closing tag${where} has no opening tag`;
  if (/^Unclosed (start|end) tag/.test(detail)) return `a tag${where} is not closed with “>”`;
  if (/^Empty attribute name/.test(detail)) return `a tag${where} has an attribute without a name`;
  if (/^Tag "span" must have class "tg-spoiler"/.test(detail)) return `<span>${where} is only allowed as <span class="tg-spoiler">`;
  return at ? `${detail.replace(/ at byte offset \d+/, "")}${where}` : detail;
}
