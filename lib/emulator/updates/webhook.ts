// Webhook delivery: POSTs queued updates to the bot's URL, in order per chat,
// up to max_connections at once, retrying with exponential backoff (bounded).
import type { BotRecord, WebhookDeliveryConfig } from "../model";
import type { TgUpdate } from "../types";

/** Called with a JSON body a webhook answered with (Telegram's "webhook reply"). */
export type WebhookReplyHandler = (bot: BotRecord, body: Record<string, unknown>) => Promise<void>;

export class WebhookDelivery {
  private sessions = new Map<number, Session>();
  replyHandler: WebhookReplyHandler | null = null;

  constructor(private readonly config: WebhookDeliveryConfig) {}

  /** (Re)starts delivery for the bot's current webhook settings. */
  start(bot: BotRecord): void {
    this.stop(bot.id);
    if (!bot.webhook) return;
    const session = new Session(bot, this.config, () => this.replyHandler);
    this.sessions.set(bot.id, session);
    session.pump();
  }

  stop(botId: number): void {
    this.sessions.get(botId)?.stop();
    this.sessions.delete(botId);
  }

  stopAll(): void {
    for (const session of this.sessions.values()) session.stop();
    this.sessions.clear();
  }

  /** Number of updates currently being delivered or waiting for a retry. */
  inflight(botId: number): number {
    return this.sessions.get(botId)?.inflightCount ?? 0;
  }
}

function chatKeyOf(update: TgUpdate): number {
  return (
    update.message?.chat.id ??
    update.callback_query?.from.id ??
    update.my_chat_member?.chat.id ??
    update.update_id
  );
}

class Session {
  private readonly controller = new AbortController();
  private readonly inflightUpdates = new Set<number>();
  private readonly inflightChats = new Set<number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bot: BotRecord,
    private readonly config: WebhookDeliveryConfig,
    private readonly replyHandler: () => WebhookReplyHandler | null,
  ) {
    this.unsubscribe = bot.queue.onPush(() => this.pump());
  }

  get inflightCount(): number {
    return this.inflightUpdates.size;
  }

  stop(): void {
    this.unsubscribe();
    this.controller.abort();
  }

  pump(): void {
    const webhook = this.bot.webhook;
    if (this.controller.signal.aborted || !webhook) return;
    for (const update of this.bot.queue.all()) {
      if (this.inflightUpdates.size >= webhook.maxConnections) break;
      const chatKey = chatKeyOf(update);
      if (this.inflightUpdates.has(update.update_id) || this.inflightChats.has(chatKey)) continue;
      this.inflightUpdates.add(update.update_id);
      this.inflightChats.add(chatKey);
      void this.deliver(update).finally(() => {
        this.inflightUpdates.delete(update.update_id);
        this.inflightChats.delete(chatKey);
        this.pump();
      });
    }
  }

  private async deliver(update: TgUpdate): Promise<void> {
    const signal = this.controller.signal;
    for (let attempt = 1; !signal.aborted; attempt++) {
      const error = await this.post(update);
      if (signal.aborted) return; // stays queued for the next webhook / getUpdates
      if (error === null) {
        this.bot.queue.remove(update.update_id);
        this.bot.stats.webhookDelivered += 1;
        return;
      }
      this.bot.stats.webhookFailedAttempts += 1;
      if (this.bot.webhook) {
        this.bot.webhook.lastErrorDate = Math.floor(Date.now() / 1000);
        this.bot.webhook.lastErrorMessage = error;
      }
      if (attempt >= this.config.maxAttempts) {
        this.bot.queue.remove(update.update_id);
        this.bot.stats.webhookDropped += 1;
        return;
      }
      const delay = Math.min(this.config.maxDelayMs, this.config.baseDelayMs * 2 ** (attempt - 1));
      await sleep(delay, signal);
    }
  }

  /** One POST; resolves to null on success or Telegram's wording of the failure. */
  private async post(update: TgUpdate): Promise<string | null> {
    const webhook = this.bot.webhook;
    if (!webhook) return "Webhook was deleted";
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (webhook.secretToken) headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secretToken;
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.config.timeoutMs)]),
      });
      const body = await response.text();
      if (response.status < 200 || response.status > 299) {
        return `Wrong response from the webhook: ${response.status} ${response.statusText}`.trim();
      }
      await this.handleReply(body);
      return null;
    } catch (error) {
      return describeNetworkError(error);
    }
  }

  private async handleReply(body: string): Promise<void> {
    const handler = this.replyHandler();
    if (!handler || !body.trim().startsWith("{")) return;
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === "object" && "method" in parsed) {
        await handler(this.bot, parsed as Record<string, unknown>);
      }
    } catch {
      // Telegram ignores malformed webhook replies.
    }
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "Read timeout expired";
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    if (cause?.code === "ECONNREFUSED") return "Connection refused";
    if (cause?.code === "ENOTFOUND") return "Failed to resolve host: Name or service not known";
    return cause?.code ? `Connection error: ${cause.code}` : error.message;
  }
  return "Connection error";
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
