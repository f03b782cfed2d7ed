// The wizard's test send: the message (each variant, or one) to chosen users of the bot,
// now, through the bot (so it shows in their conversation). Nothing is recorded as a
// recipient; its buttons carry a test token that counts no click.
import { GrammyError } from "grammy";
import { db } from "../db/client";
import { trackedLinkBase } from "./link-base";
import { AppError } from "../errors/app-error";
import { botApi } from "../telegram/bot-runtime";
import { messageProblems } from "./check-campaign";
import { renderCampaignMessage } from "./render-message";
import { templateUser } from "../flows/template";
import { ZCampaignMessage } from "./schemas";

export const TEST_TOKEN = "testsend";

export async function testSend(campaignId: string, telegramUserIds: string[], variantId?: string) {
  const c = await db().campaign.findUnique({ where: { id: campaignId }, select: { botId: true, message: true } });
  if (!c) throw new AppError("NOT_FOUND", "There is no such campaign.");
  const message = ZCampaignMessage.parse(c.message);
  const problems = messageProblems(message).filter((p) => !p.message.includes("shares add up"));
  if (problems.length > 0) throw new AppError("INVALID_INPUT", `Fix the message first: ${problems[0]!.message}`, { problems });
  const users = await db().telegramUser.findMany({
    where: { id: { in: telegramUserIds }, botId: c.botId },
    select: { id: true, firstName: true, lastName: true, username: true, languageCode: true, telegramId: true, attributes: true },
  });
  if (users.length !== new Set(telegramUserIds).size) throw new AppError("INVALID_INPUT", "telegramUserIds: choose test users among this bot's users.");
  const api = await botApi(c.botId);
  if (!api) throw new AppError("NOT_FOUND", "The campaign's bot no longer exists.");
  const variants = variantId ? message.variants.filter((v) => v.id === variantId) : message.variants;
  if (variants.length === 0) throw new AppError("INVALID_INPUT", `variantId: no variant ${variantId}.`);
  const linkBase = trackedLinkBase().url;
  const results: { telegramUserId: string; variantId: string; ok: boolean; error?: string }[] = [];
  for (const u of users) {
    for (const v of variants) {
      const m = renderCampaignMessage(v, templateUser(u), TEST_TOKEN, linkBase);
      try {
        const chat_id = Number(u.telegramId);
        if (m.method === "sendPhoto") await api.sendPhoto(chat_id, m.params.photo, { caption: m.params.caption, parse_mode: "HTML", reply_markup: m.params.reply_markup });
        else await api.sendMessage(chat_id, m.params.text, { parse_mode: "HTML", reply_markup: m.params.reply_markup });
        results.push({ telegramUserId: u.id, variantId: v.id, ok: true });
      } catch (e) {
        results.push({ telegramUserId: u.id, variantId: v.id, ok: false, error: e instanceof GrammyError ? e.description : e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return { results };
}
