// A grammY Api client for one bot, pointed at that bot's Bot API server.
import { Api } from "grammy";

export type TBotCredentials = { token: string; apiRoot: string };

export function apiFor(bot: TBotCredentials): Api {
  return new Api(bot.token, { apiRoot: bot.apiRoot.replace(/\/+$/, "") });
}

/** Telegram tokens look like `123456789:AA...` (digits, colon, 30+ url-safe characters). */
export const BOT_TOKEN_PATTERN = /^\d{3,15}:[A-Za-z0-9_-]{30,60}$/;
