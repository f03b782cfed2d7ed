// Internal records kept by the emulator for bots, simulated users and chats.
import type { FaultState } from "./faults";
import type { LimitConfig, RateLimiter } from "./limits";
import type { UpdateQueue } from "./updates/queue";
import type {
  TgBotCommand,
  TgBotUser,
  TgMemberStatus,
  TgMessage,
  TgPrivateChat,
  TgReplyMarkup,
  TgUser,
} from "./types";

export interface WebhookDeliveryConfig {
  /** Attempts per update before it is dropped. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

export interface EmulatorConfig {
  limits: LimitConfig;
  webhook: WebhookDeliveryConfig;
}

export interface SimUser {
  user: TgUser;
  deactivated: boolean;
  createdAt: number;
}

export interface StoredMessage {
  message: TgMessage;
  sender: "bot" | "user";
  /** Bot API method that produced the message (bot messages only). */
  method?: string;
  parseMode?: string;
  /** reply_markup exactly as sent (reply keyboards are not part of Message). */
  replyMarkup?: TgReplyMarkup;
  deleted: boolean;
}

export interface ChatRecord {
  userId: number;
  chat: TgPrivateChat;
  status: TgMemberStatus;
  /** Unix seconds of the first /start. */
  startedAt: number;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  chatInstance: string;
}

export interface SentRecord {
  chat_id: number;
  message_id: number;
  method: string;
  /** Milliseconds since epoch when the emulator accepted the call. */
  at: number;
}

export interface CallbackRecord {
  id: string;
  user_id: number;
  chat_id: number;
  message_id: number;
  data: string;
  date: number;
  answered: boolean;
  answer?: {
    text?: string;
    show_alert?: boolean;
    url?: string;
    cache_time?: number;
    at: number;
  };
}

export interface ViolationRecord {
  at: number;
  method: string;
  chat_id: number | null;
  scope: "bot" | "chat";
  flood_until: number;
}

export interface BotStats {
  requests: number;
  byMethod: Record<string, number>;
  sent: number;
  rejected429: number;
  violations: number;
  errors: Record<string, number>;
  webhookDelivered: number;
  webhookFailedAttempts: number;
  webhookDropped: number;
}

export interface WebhookState {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

export interface BotRecord {
  id: number;
  token: string;
  user: TgBotUser;
  createdAt: number;
  chats: Map<number, ChatRecord>;
  queue: UpdateQueue;
  nextUpdateId: number;
  /** null = Telegram's default set (everything except chat_member & reactions). */
  allowedUpdates: string[] | null;
  webhook: WebhookState | null;
  /** Keyed by `${scope JSON}|${language_code}`. */
  commands: Map<string, TgBotCommand[]>;
  sent: SentRecord[];
  callbacks: Map<string, CallbackRecord>;
  stats: BotStats;
  limiter: RateLimiter;
  faults: FaultState;
  violationLog: ViolationRecord[];
}

export function emptyStats(): BotStats {
  return {
    requests: 0,
    byMethod: {},
    sent: 0,
    rejected429: 0,
    violations: 0,
    errors: {},
    webhookDelivered: 0,
    webhookFailedAttempts: 0,
    webhookDropped: 0,
  };
}
