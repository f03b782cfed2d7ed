// The bot's handler for campaign reply buttons: the click is recorded and answered.
import { Composer, type Context } from "grammy";
import { CAMPAIGN_BUTTON } from "./render-message";
import { recordCampaignClick } from "./record-click";

export function campaignHandlers(): Composer<Context> {
  const c = new Composer<Context>();
  c.callbackQuery(CAMPAIGN_BUTTON, async (ctx) => {
    const [, token, buttonId] = ctx.match as RegExpMatchArray;
    await recordCampaignClick(token!, buttonId!, "button");
    await ctx.answerCallbackQuery({ text: "Thanks!" });
  });
  return c;
}
