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
    if (e instanceof EntityParseError) problems.push(`invalid HTML: ${e.detail}`);
    else throw e;
  }
  return problems;
}

export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}
