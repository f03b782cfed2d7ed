// Makes the Bot API server match the bot's settings: webhook or polling, and
// the command menu. Idempotent.
import { db } from "../db/client";
import { env } from "../env";
import { apiFor } from "../telegram/bot-api";
import { log } from "../log";

export const BOT_COMMANDS = [
  { command: "start", description: "Start the bot" },
  { command: "menu", description: "Show the menu" },
  { command: "help", description: "How this bot works" },
];

export function webhookUrl(botId: string): string | null {
  return env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/+$/, "")}/api/telegram/${botId}` : null;
}

export async function syncBot(botId: string): Promise<void> {
  const bot = await db().bot.findUnique({ where: { id: botId }, omit: { token: false, webhookSecret: false } });
  if (!bot) return;
  const api = apiFor(bot);
  const url = webhookUrl(bot.id);
  if (bot.updateMode === "WEBHOOK" && url) {
    await api.setWebhook(url, { secret_token: bot.webhookSecret, allowed_updates: ["message", "callback_query", "my_chat_member"] });
  } else {
    await api.deleteWebhook();
  }
  await api.setMyCommands(BOT_COMMANDS);
  log.info("bot synced with its Bot API server", { botId, mode: bot.updateMode });
}
