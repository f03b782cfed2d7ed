// A click on a campaign's button: a reply button (callback data with the recipient's
// token) or a URL button (the tracked redirect). The first click is the recipient's
// "open"; every click is an event.
import { db } from "../db/client";
import { renderTemplate, templateUser } from "../flows/template";
import { ZCampaignMessage } from "./schemas";

type TClick = { campaignId: string; telegramUserId: string; botId: string; url: string | null };

/** Records the click; returns the campaign, user and (URL buttons) the target, or null for an unknown token. */
export async function recordCampaignClick(token: string, buttonId: string, via: "button" | "link"): Promise<TClick | null> {
  const rows = await db().$queryRaw<{ id: bigint; campaignId: string; telegramUserId: string; variantId: string | null; botId: string; message: unknown }[]>`
    UPDATE "CampaignRecipient" r SET "clickedAt" = COALESCE(r."clickedAt", now())
    FROM "Campaign" c WHERE r."token" = ${token} AND c."id" = r."campaignId"
    RETURNING r."id", r."campaignId", r."telegramUserId", r."variantId", c."botId", c."message"`;
  const r = rows[0];
  if (!r) return null;
  const variants = ZCampaignMessage.safeParse(r.message);
  const variant = variants.success ? (variants.data.variants.find((v) => v.id === r.variantId) ?? variants.data.variants[0]) : undefined;
  const button = variant?.buttons.flat().find((b) => b.id === buttonId);
  let url: string | null = null;
  if (button?.kind === "url") {
    const user = await db().telegramUser.findUnique({
      where: { id: r.telegramUserId },
      select: { firstName: true, lastName: true, username: true, languageCode: true, telegramId: true, attributes: true },
    });
    url = user ? renderTemplate(button.url, templateUser(user), encodeURIComponent) : null;
  }
  await db().event.create({
    data: { botId: r.botId, telegramUserId: r.telegramUserId, name: "campaign_click", properties: { campaignId: r.campaignId, button: buttonId, via, variant: r.variantId } },
  });
  return { campaignId: r.campaignId, telegramUserId: r.telegramUserId, botId: r.botId, url };
}
