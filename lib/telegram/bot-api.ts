// A grammY Api client for one bot, pointed at that bot's Bot API server.
import { Api } from "grammy";
import { db } from "../db/client";

export type TBotCredentials = { token: string; apiRoot: string };

export function apiFor(bot: TBotCredentials): Api {
  return new Api(bot.token, { apiRoot: bot.apiRoot.replace(/\/+$/, "") });
}

/** Telegram tokens look like `123456789:AA...` (digits, colon, 30+ url-safe characters). */
export const BOT_TOKEN_PATTERN = /^\d{3,15}:[A-Za-z0-9_-]{30,60}$/;

/** The Api client of a stored bot (its token is read here, on the server, and nowhere else). */
export async function apiForBot(botId: string): Promise<Api> {
  return apiFor(await db().bot.findUniqueOrThrow({ where: { id: botId }, select: { token: true, apiRoot: true } }));
}
