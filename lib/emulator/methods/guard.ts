// The checks every send-type call goes through, in Telegram's order:
// flood wait -> injected faults -> (validation) -> chat -> rate limits -> 403s.
import { E, tooManyRequests } from "../errors";
import type { BotRecord, ChatRecord } from "../model";
import type { EmulatorState } from "../state";
import type { MethodContext } from "./types";

export const SEND_METHODS = new Set(["sendMessage", "sendPhoto", "copyMessage", "forwardMessage"]);

const MAX_VIOLATION_LOG = 1000;

/** chat_id without throwing (used before validation for flood checks). */
export function peekChatId(ctx: MethodContext): number | null {
  try {
    return ctx.params.chatId();
  } catch {
    return null;
  }
}

/** Step 1: a bot (or chat) inside its flood wait gets 429 again; faults fire here. */
export function preSend(ctx: MethodContext, chatId: number | null): void {
  const { bot } = ctx;
  const now = Date.now();
  const flood = bot.limiter.checkFlood(now, chatId);
  if (flood) {
    if (flood.violation) {
      bot.stats.violations += 1;
      bot.violationLog.push({ at: now, method: ctx.method, chat_id: chatId, scope: flood.scope, flood_until: flood.until });
      if (bot.violationLog.length > MAX_VIOLATION_LOG) bot.violationLog.shift();
    }
    throw tooManyRequests(flood.retryAfter);
  }
  const fault = bot.faults.nextSendFault();
  if (fault) {
    const retryAfter = fault.parameters?.retry_after;
    if (retryAfter !== undefined) bot.limiter.enterFlood(now, retryAfter);
    throw fault;
  }
}

/** The private chat between the bot and a user who started it, else 400. */
export function chatFor(bot: BotRecord, chatId: number): ChatRecord {
  const chat = bot.chats.get(chatId);
  if (!chat) throw E.chatNotFound();
  return chat;
}

/** 403 when the user blocked the bot or deleted their account. */
export function ensureReachable(state: EmulatorState, chat: ChatRecord): void {
  if (state.users.get(chat.userId)?.deactivated) throw E.deactivated();
  if (chat.status === "kicked") throw E.blocked();
}

/** Step 2: counts the send against the rolling limits, then the 403 checks. */
export function admitSend(ctx: MethodContext, chat: ChatRecord, paid: boolean): void {
  const retryAfter = ctx.bot.limiter.acquire(Date.now(), chat.userId, paid);
  if (retryAfter !== null) throw tooManyRequests(retryAfter);
  ensureReachable(ctx.state, chat);
}
