// A message template as Telegram will see it: tokens filled for a user, the HTML parsed
// with Telegram's own rules (the emulator's parser), its length against the limit, and
// the problems each variant has — computed in the browser as the marketer types.
import { parseHtml } from "@/lib/emulator/text/html";
import { EntityParseError, trimParsed, type ParsedText } from "@/lib/emulator/text/entity-utils";
import { codePointLength, MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH } from "@/lib/emulator/text/format";
import { SAMPLE_USER, escapeHtml, renderTemplate, type TTemplateUser } from "@/lib/flows/template";

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

/** The same problems, worded the same, as the server's messageProblems (one variant). */
export { variantProblems } from "@/lib/campaigns/variant-problems";

/** A link is shown as a link only when it is http(s) or tg. */
export function safeHref(url: string | undefined): string | null {
  return url && /^(https?|tg):/i.test(url) ? url : null;
}
