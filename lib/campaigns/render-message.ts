// A recipient's message as Bot API parameters (pure): the variant's HTML with the user's
// tokens filled (values escaped), reply buttons carrying the recipient's token (a click is
// the "open"), URL buttons through the tracked redirect.
import { escapeHtml, renderTemplate, type TTemplateUser } from "../flows/template";
import type { TVariant } from "./schemas";

/** callback_data of a reply button: `c:<recipient token>:<button id>` (≤ 24 bytes). */
export const campaignCallbackData = (token: string, buttonId: string) => `c:${token}:${buttonId}`;
export const CAMPAIGN_BUTTON = /^c:([a-z0-9]{8,16}):([A-Za-z0-9_-]{1,8})$/;

export function trackedLink(linkBase: string, token: string, buttonId: string): string {
  return `${linkBase.replace(/\/+$/, "")}/r/${token}/${buttonId}`;
}

export type TRenderedMessage =
  | { method: "sendMessage"; params: { text: string; parse_mode: "HTML"; reply_markup?: TMarkup } }
  | { method: "sendPhoto"; params: { photo: string; caption?: string; parse_mode: "HTML"; reply_markup?: TMarkup } };

type TMarkup = { inline_keyboard: ({ text: string; url: string } | { text: string; callback_data: string })[][] };

export function renderCampaignMessage(variant: TVariant, user: TTemplateUser, token: string, linkBase: string): TRenderedMessage {
  const text = renderTemplate(variant.text, user, escapeHtml);
  const reply_markup: TMarkup | undefined =
    variant.buttons.length > 0
      ? {
          inline_keyboard: variant.buttons.map((row) =>
            row.map((b) => (b.kind === "url" ? { text: b.text, url: trackedLink(linkBase, token, b.id) } : { text: b.text, callback_data: campaignCallbackData(token, b.id) })),
          ),
        }
      : undefined;
  if (variant.photo) return { method: "sendPhoto", params: { photo: variant.photo, caption: text || undefined, parse_mode: "HTML", reply_markup } };
  return { method: "sendMessage", params: { text, parse_mode: "HTML", reply_markup } };
}
