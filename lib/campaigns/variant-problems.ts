// What Telegram (or the tracked redirect) would refuse in one message variant, worded for
// the wizard: the browser shows these as you type and checkCampaign refuses a launch with
// the same words. Buttons are named as the form names them ("row 1 button 2").
import { htmlTextProblems } from "../flows/telegram-text";
import { templateProblems } from "../flows/template";
import type { TVariant } from "./schemas";

/** A photo is a public https:// URL (Telegram fetches it) or a Telegram file id. */
export const PHOTO_PATTERN = /^(https:\/\/[^\s/]+\.[^\s]+|[A-Za-z0-9_-]{20,})$/;
/** A link has a host after the scheme: "https://" alone is not a link yet. */
export const LINK_PATTERN = /^https?:\/\/[^\s/?#]+/;

function safeHtmlProblems(text: string, kind: "text" | "caption"): string[] {
  try {
    return htmlTextProblems(text, kind);
  } catch (e) {
    return [`invalid HTML: ${e instanceof Error ? e.message : String(e)}`];
  }
}

export function photoProblem(photo: string): string | null {
  const p = photo.trim();
  if (!p || PHOTO_PATTERN.test(p)) return null;
  if (/^http:\/\//i.test(p)) return "the photo URL must start with https:// (Telegram refuses plain http)";
  return "the photo must be an https:// URL or a Telegram file id";
}

export function buttonLabelProblem(text: string): string | null {
  return text.trim() ? null : "needs a label";
}

export function buttonLinkProblem(url: string): string | null {
  const u = url.trim();
  if (!/^https?:\/\//i.test(u)) return "the link must start with https:// or http://";
  if (!LINK_PATTERN.test(u)) return "the link is incomplete: add the address after https://";
  return null;
}

export function variantProblems(v: TVariant, prefix: string): string[] {
  const out: string[] = [];
  const photo = photoProblem(v.photo);
  if (photo) out.push(`${prefix}${photo}.`);
  if (!v.photo && v.text.trim() === "") out.push(`${prefix}write the message.`);
  else if (v.text.trim() !== "" || !v.photo) for (const p of safeHtmlProblems(v.text, v.photo ? "caption" : "text")) out.push(`${prefix}${p}.`);
  v.buttons.forEach((row, r) =>
    row.forEach((b, i) => {
      const name = `${prefix}row ${r + 1} button ${i + 1}${b.text.trim() ? ` “${b.text.trim()}”` : ""}`;
      const label = buttonLabelProblem(b.text);
      if (label) out.push(`${name} ${label}.`);
      if (b.kind !== "url") return;
      for (const p of templateProblems(b.url)) out.push(`${name}: ${p}.`);
      const link = buttonLinkProblem(b.url);
      if (link) out.push(`${name}: ${link}.`);
    }),
  );
  return out;
}
