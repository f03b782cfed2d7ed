// Settings → add a bot by token: getMe validates it against its Bot API server.
import { randomBytes } from "node:crypto";
import { GrammyError, HttpError } from "grammy";
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import { apiFor } from "../telegram/bot-api";
import { enqueue } from "../jobs/enqueue";
import { webhookUrl } from "./sync-bot";
import type { TAddBot } from "./schemas";

/**
 * Connect a bot. A bot already connected (same Bot API server, same Telegram id) is never
 * added twice: with the same token it is refused as a conflict (unless `reconnect`, as the
 * demo does at every start); with a new token (revoked in @BotFather) its token is updated.
 */
export async function addBot(input: TAddBot, opts: { isDemo?: boolean; reconnect?: boolean } = {}) {
  const apiRoot = (input.apiRoot ?? env.TELEGRAM_API_ROOT).replace(/\/+$/, "");
  const me = await getMe(input.token, apiRoot);
  const existing = await db().bot.findUnique({ where: { apiRoot_telegramId: { apiRoot, telegramId: BigInt(me.id) } }, select: { token: true } });
  if (existing && existing.token === input.token && !opts.reconnect) {
    throw new AppError("CONFLICT", `${me.first_name} (@${me.username}) is already connected.`);
  }
  const updateMode = input.updateMode ?? (webhookUrl("x") ? "WEBHOOK" : "POLLING");
  if (updateMode === "WEBHOOK" && !webhookUrl("x")) {
    throw new AppError("INVALID_INPUT", "Webhook mode needs PUBLIC_URL to be set to the console's public https address.");
  }
  const bot = await db().bot.upsert({
    where: { apiRoot_telegramId: { apiRoot, telegramId: BigInt(me.id) } },
    create: {
      telegramId: BigInt(me.id),
      username: me.username,
      name: me.first_name,
      token: input.token,
      apiRoot,
      updateMode,
      webhookSecret: randomBytes(24).toString("base64url"),
      isDemo: opts.isDemo ?? false,
    },
    update: { username: me.username, name: me.first_name, token: input.token, updateMode, lastError: null },
  });
  await enqueue("bots.sync", { botId: bot.id });
  return Object.assign(bot, { tokenUpdated: existing !== null });
}

async function getMe(token: string, apiRoot: string) {
  try {
    return await apiFor({ token, apiRoot }).getMe();
  } catch (e) {
    if (e instanceof GrammyError && e.error_code === 401) {
      throw new AppError("INVALID_INPUT", "The Bot API server rejected this token (401 Unauthorized). Check it in @BotFather.");
    }
    if (e instanceof GrammyError) {
      throw new AppError("UPSTREAM", `The Bot API server answered ${e.error_code}: ${e.description}`);
    }
    if (e instanceof HttpError) {
      throw new AppError("UPSTREAM", `Cannot reach the Bot API server at ${apiRoot}. Check the address and that it is running.`);
    }
    throw e;
  }
}
