// Assigns update ids and queues updates, honouring the bot's allowed_updates.
import type { BotRecord } from "../model";
import type { TgUpdate, UpdateKind } from "../types";

/** Update types Telegram leaves out unless they are asked for explicitly. */
const OPT_IN_ONLY = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

export function isAllowed(bot: BotRecord, kind: UpdateKind): boolean {
  const list = bot.allowedUpdates;
  if (!list || list.length === 0) return !OPT_IN_ONLY.has(kind);
  return list.includes(kind);
}

type UpdateBody = Omit<TgUpdate, "update_id">;

function kindOf(body: UpdateBody): UpdateKind {
  if (body.callback_query) return "callback_query";
  if (body.my_chat_member) return "my_chat_member";
  return "message";
}

/** Queues an update; returns null when allowed_updates filters it out. */
export function emitUpdate(bot: BotRecord, body: UpdateBody): TgUpdate | null {
  if (!isAllowed(bot, kindOf(body))) return null;
  const update: TgUpdate = { update_id: bot.nextUpdateId++, ...body };
  bot.queue.push(update);
  return update;
}
