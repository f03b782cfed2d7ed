// One grammY Bot per Tagflow bot, living in the worker. Intake hands it each
// processed update; its handlers reply through the bot's own Bot API server.
import { Bot, type Context } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { db } from "../db/client";
import { defaultHandlers } from "./default-handlers";
import { flowsMiddleware } from "../flows/runtime/registry";
import { campaignHandlers } from "../campaigns/bot-handlers";
import { recordOutgoing } from "./record-outgoing";
import { floodGuard } from "./flood-guard";
import { log } from "../log";

const runtimes = new Map<string, { bot: Bot<Context>; token: string; apiRoot: string }>();

/** Updates older than this are stored and measured but not answered (e.g. backlog after downtime). */
export const REPLY_WINDOW_MS = 10 * 60 * 1000;

const rowCache = new Map<string, { at: number; row: Awaited<ReturnType<typeof readBot>> }>();
const ROW_TTL_MS = 5000;

function readBot(botId: string) {
  return db().bot.findUnique({ where: { id: botId }, omit: { token: false } });
}

async function build(botId: string) {
  // The bot row is re-read at most every few seconds (a changed token or apiRoot applies then).
  let entry = rowCache.get(botId);
  if (!entry || Date.now() - entry.at > ROW_TTL_MS) {
    entry = { at: Date.now(), row: await readBot(botId) };
    rowCache.set(botId, entry);
  }
  const row = entry.row;
  if (!row) return null;
  const cached = runtimes.get(botId);
  if (cached && cached.token === row.token && cached.apiRoot === row.apiRoot) return cached.bot;
  const bot = new Bot<Context>(row.token, {
    client: { apiRoot: row.apiRoot.replace(/\/+$/, "") },
    botInfo: {
      id: Number(row.telegramId),
      is_bot: true,
      first_name: row.name,
      username: row.username,
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    },
  });
  // Inner: wait out 429 retry_after (and retry 5xx) a few times. Outer: store
  // the final outcome of each send once, whatever the retries were.
  // Innermost: every request waits out the bot's flood wait (whoever got the 429).
  bot.api.config.use(floodGuard(botId));
  // A burst over the bot's limit (many users at once) waits its turn rather than losing replies.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 8, maxDelaySeconds: 60 }));
  bot.api.config.use(recordOutgoing(botId));
  // Campaign buttons, then published flows; what they do not handle gets the built-in answers.
  bot.use(campaignHandlers());
  bot.use(flowsMiddleware(botId));
  bot.use(defaultHandlers());
  bot.catch((err) => log.warn("bot handler failed", { botId, error: err.error instanceof Error ? err.error.message : String(err.error) }));
  runtimes.set(botId, { bot, token: row.token, apiRoot: row.apiRoot });
  return bot;
}

export async function runHandlers(botId: string, rawUpdate: unknown, occurredAt: Date): Promise<void> {
  if (Date.now() - occurredAt.getTime() > REPLY_WINDOW_MS) return;
  const bot = await build(botId);
  if (!bot) return;
  // handleUpdate catches handler errors through bot.catch.
  await bot.handleUpdate(rawUpdate as Parameters<Bot["handleUpdate"]>[0]);
}

/** The bot's Bot API client (with retries and recording), for sends outside an update (flow delays). */
export async function botApi(botId: string): Promise<Bot<Context>["api"] | null> {
  return (await build(botId))?.api ?? null;
}

export function forgetRuntime(botId: string): void {
  runtimes.delete(botId);
  rowCache.delete(botId);
}
