// A message template as Telegram will see it: tokens filled for a user, the HTML parsed
// with Telegram's own rules (the emulator's parser), its length against the limit, and
// the problems each variant has — computed in the browser as the marketer types.
import type { TVariant } from "@/lib/campaigns/schemas";
import { parseHtml } from "@/lib/emulator/text/html";
import { EntityParseError, trimParsed, type ParsedText } from "@/lib/emulator/text/entity-utils";
import { codePointLength, MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH } from "@/lib/emulator/text/format";
import { htmlTextProblems } from "@/lib/flows/telegram-text";
import { SAMPLE_USER, escapeHtml, renderTemplate, templateProblems, type TTemplateUser } from "@/lib/flows/template";

/** A user with no optional data: tokens show their fallbacks. */
export const BARE_USER: TTemplateUser = { firstName: "", lastName: null, username: null, languageCode: null, telegramId: 100000001, attributes: {} };

export type TRendered = { parsed: ParsedText; error: null } | { parsed: null; error: string };

export function renderForPreview(template: string, user: TTemplateUser): TRendered {
  try {
    return { parsed: trimParsed(parseHtml(renderTemplate(template, user, escapeHtml))), error: null };
  } catch (e) {
    return { parsed: null, error: e instanceof EntityParseError ? e.detail : e instanceof Error ? e.message : String(e) };
  }
}

/** Characters as Telegram counts them (code points of the visible text), for the sample user. */
export function measure(template: string, withPhoto: boolean): { length: number | null; limit: number } {
  const limit = withPhoto ? MAX_CAPTION_LENGTH : MAX_TEXT_LENGTH;
  const r = renderForPreview(template, SAMPLE_USER);
  return { length: r.parsed ? codePointLength(r.parsed.text) : null, limit };
}

function safeHtmlProblems(text: string, kind: "text" | "caption"): string[] {
  try {
    return htmlTextProblems(text, kind);
  } catch (e) {
    return [`invalid HTML: ${e instanceof Error ? e.message : String(e)}`];
  }
}

/** The same problems, worded the same, as the server's messageProblems (one variant). */
export function variantProblems(v: TVariant, prefix: string): string[] {
  const out: string[] = [];
  if (!v.photo && v.text.trim() === "") out.push(`${prefix}write the message.`);
  else if (v.text.trim() !== "" || !v.photo) for (const p of safeHtmlProblems(v.text, v.photo ? "caption" : "text")) out.push(`${prefix}${p}.`);
  for (const b of v.buttons.flat()) {
    if (b.kind !== "url") continue;
    for (const p of templateProblems(b.url)) out.push(`${prefix}button “${b.text}”: ${p}.`);
    if (!/^https?:\/\//.test(b.url)) out.push(`${prefix}button “${b.text}”: the link must start with https:// or http://.`);
  }
  return out;
}

/** A link is shown as a link only when it is http(s) or tg. */
export function safeHref(url: string | undefined): string | null {
  return url && /^(https?|tg):/i.test(url) ? url : null;
}
