// Read models returned by the control API.
import type { FaultSettings } from "../faults";
import type { BotRecord, CallbackRecord, SentRecord, ViolationRecord } from "../model";
import type { EmulatorState } from "../state";
import type { TgMessageEntity, TgReplyMarkup } from "../types";

export interface SentMessageView {
  bot_id: number;
  chat_id: number;
  message_id: number;
  method: string;
  date: number;
  /** Milliseconds since epoch when the emulator accepted the call. */
  at: number;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  /** file_id of the largest photo size. */
  photo?: string;
  reply_markup?: TgReplyMarkup;
  parse_mode?: string;
  edited: boolean;
  deleted: boolean;
}

export interface BotView {
  id: number;
  token: string;
  username: string;
  first_name: string;
  webhook_url: string | null;
  pending_updates: number;
  users: number;
}

export interface StatsView {
  bot_id: number;
  requests: number;
  byMethod: Record<string, number>;
  sent: number;
  rejected429: number;
  violations: number;
  violationLog: ViolationRecord[];
  errors: Record<string, number>;
  sendsPerSecond: { current: number; peak: number };
  floodWaitUntil: number | null;
  faults: FaultSettings;
  faultsInjected: number;
  pendingUpdates: number;
  webhook: { delivered: number; failedAttempts: number; dropped: number; inflight: number };
}

export function botView(bot: BotRecord): BotView {
  return {
    id: bot.id,
    token: bot.token,
    username: bot.user.username ?? "",
    first_name: bot.user.first_name,
    webhook_url: bot.webhook?.url ?? null,
    pending_updates: bot.queue.length,
    users: bot.chats.size,
  };
}

function sentView(bot: BotRecord, record: SentRecord): SentMessageView | null {
  const stored = bot.chats.get(record.chat_id)?.messages.get(record.message_id);
  if (!stored) return null;
  const m = stored.message;
  const view: SentMessageView = {
    bot_id: bot.id,
    chat_id: record.chat_id,
    message_id: record.message_id,
    method: record.method,
    date: m.date,
    at: record.at,
    edited: m.edit_date !== undefined,
    deleted: stored.deleted,
  };
  if (m.text !== undefined) view.text = m.text;
  if (m.entities) view.entities = m.entities;
  if (m.caption !== undefined) view.caption = m.caption;
  const largest = m.photo?.[m.photo.length - 1];
  if (largest) view.photo = largest.file_id;
  const markup = stored.replyMarkup ?? m.reply_markup;
  if (markup) view.reply_markup = markup;
  if (stored.parseMode) view.parse_mode = stored.parseMode;
  return view;
}

export function sentList(bot: BotRecord, chatId?: number): SentMessageView[] {
  const out: SentMessageView[] = [];
  for (const record of bot.sent) {
    if (chatId !== undefined && record.chat_id !== chatId) continue;
    const view = sentView(bot, record);
    if (view) out.push(view);
  }
  return out;
}

/** Everything bots sent to one user, oldest first. */
export function inbox(state: EmulatorState, userId: number, botId?: number): SentMessageView[] {
  state.user(userId);
  const bots = botId === undefined ? [...state.bots.values()] : [state.bot(botId)];
  return bots.flatMap((bot) => sentList(bot, userId)).sort((a, b) => a.at - b.at);
}

export function callbacks(bot: BotRecord): CallbackRecord[] {
  return [...bot.callbacks.values()];
}

export function statsView(state: EmulatorState, bot: BotRecord): StatsView {
  const now = Date.now();
  const s = bot.stats;
  return {
    bot_id: bot.id,
    requests: s.requests,
    byMethod: { ...s.byMethod },
    sent: s.sent,
    rejected429: s.rejected429,
    violations: s.violations,
    violationLog: bot.violationLog.slice(-100),
    errors: { ...s.errors },
    sendsPerSecond: { current: bot.limiter.currentPerSecond(now), peak: bot.limiter.peakPerSecond },
    floodWaitUntil: bot.limiter.floodUntil(now),
    faults: bot.faults.snapshot(),
    faultsInjected: bot.faults.injected,
    pendingUpdates: bot.queue.length,
    webhook: {
      delivered: s.webhookDelivered,
      failedAttempts: s.webhookFailedAttempts,
      dropped: s.webhookDropped,
      inflight: state.webhooks.inflight(bot.id),
    },
  };
}
