import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { enqueue } from "../jobs/enqueue";
import { webhookUrl } from "./sync-bot";
import type { TUpdateBot } from "./schemas";

export async function updateBot(botId: string, input: TUpdateBot) {
  if (input.updateMode === "WEBHOOK" && !webhookUrl(botId)) {
    throw new AppError("INVALID_INPUT", "Webhook mode needs PUBLIC_URL to be set to the console's public https address.");
  }
  const existing = await db().bot.findUnique({ where: { id: botId }, select: { id: true } });
  if (!existing) throw new AppError("NOT_FOUND", "This bot does not exist.");
  const bot = await db().bot.update({ where: { id: botId }, data: { updateMode: input.updateMode, apiRoot: input.apiRoot } });
  await enqueue("bots.sync", { botId });
  return bot;
}
