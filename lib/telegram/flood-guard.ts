// grammY API transformer: a 429 pauses the whole bot, not only the request that got it.
// Every send of the bot (handlers, flows, inbox replies) waits out the bot's flood wait,
// which any process may have recorded (BotSendState.pausedUntil: the campaign sender
// writes it too), and a 429 received here is recorded for the others.
import type { Transformer } from "grammy";
import { pauseBot, pausedUntil } from "../campaigns/sender/lease";
import { log } from "../log";

const SEND_METHODS = new Set(["sendMessage", "sendPhoto", "copyMessage", "forwardMessage", "sendMediaGroup", "sendDocument", "sendVideo", "sendAnimation", "sendAudio", "sendVoice", "sendSticker", "sendLocation", "sendContact", "sendPoll", "sendDice"]);
const CACHE_MS = 500;

export function floodGuard(botId: string): Transformer {
  let known = 0;
  let readAt = 0;
  return async (prev, method, payload, signal) => {
    if (!SEND_METHODS.has(method)) return prev(method, payload, signal);
    if (Date.now() - readAt > CACHE_MS) {
      readAt = Date.now();
      known = Math.max(known, await pausedUntil(botId).catch(() => 0));
    }
    const wait = known - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 429) {
      const until = Date.now() + (result.parameters?.retry_after ?? 5) * 1000 + 50;
      known = Math.max(known, until);
      await pauseBot(botId, new Date(until)).catch((e: unknown) => log.warn("could not record the bot's flood wait", { botId, error: String(e) }));
    }
    return result;
  };
}
