// Typed client for the emulator's control API (tests, demo crowd, benchmarks).
import type { TBatchAction, TBlock, TClick, TCreateBot, TCreateUser, TFaults, TMessage, TStart } from "./control/schemas";
import type { BotView, SentMessageView, StatsView } from "./control/views";
import type { FaultSettings } from "./faults";
import type { CallbackRecord } from "./model";
import type { ActionResult } from "./sim/actions";
import type { TgUpdate, TgUser } from "./types";

export type { BotView, SentMessageView, StatsView, ActionResult, CallbackRecord, FaultSettings };
export type { TBatchAction, TCreateBot, TCreateUser, TFaults };

export interface SimUserView extends TgUser {
  deactivated?: boolean;
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorControlError";
  }
}

/** A bot id, or the request body ({ bot_id | token, date?, silent? }). */
type BotRef = number | TBlock;

const ref = (bot: BotRef): TBlock => (typeof bot === "number" ? { bot_id: bot } : bot);

export class EmulatorControl {
  private readonly base: string;

  constructor(url: string) {
    this.base = `${url.replace(/\/+$/, "")}/control`;
  }

  private async request<T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "content-type": "application/json" };
    }
    const response = await fetch(`${this.base}${path}`, init);
    const text = await response.text();
    const data: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const message = (data as { error?: string } | null)?.error ?? `HTTP ${response.status}`;
      throw new EmulatorControlError(response.status, `${method} /control${path}: ${message}`);
    }
    return data as T;
  }

  health(): Promise<{ ok: true }> {
    return this.request("GET", "/health");
  }

  reset(): Promise<{ ok: true }> {
    return this.request("POST", "/reset");
  }

  createBot(input: TCreateBot): Promise<BotView> {
    return this.request("POST", "/bots", input);
  }

  listBots(): Promise<BotView[]> {
    return this.request("GET", "/bots");
  }

  createUser(input: TCreateUser): Promise<TgUser> {
    return this.request("POST", "/users", input);
  }

  createUsers(inputs: TCreateUser[]): Promise<TgUser[]> {
    return this.request("POST", "/users", inputs);
  }

  listUsers(): Promise<SimUserView[]> {
    return this.request("GET", "/users");
  }

  /** "/start [payload]" from the user (creates the chat; unblocks first if blocked). */
  start(userId: number, input: TStart): Promise<ActionResult> {
    return this.request("POST", `/users/${userId}/start`, input);
  }

  message(userId: number, input: TMessage): Promise<ActionResult> {
    return this.request("POST", `/users/${userId}/message`, input);
  }

  click(userId: number, input: TClick): Promise<ActionResult> {
    return this.request("POST", `/users/${userId}/click`, input);
  }

  block(userId: number, bot: BotRef): Promise<ActionResult> {
    return this.request("POST", `/users/${userId}/block`, ref(bot));
  }

  unblock(userId: number, bot: BotRef): Promise<ActionResult> {
    return this.request("POST", `/users/${userId}/unblock`, ref(bot));
  }

  /** The user deletes their account: later sends get 403 "user is deactivated". */
  deactivate(userId: number): Promise<{ changed: boolean }> {
    return this.request("POST", `/users/${userId}/deactivate`, {});
  }

  /** Several user actions in one round trip, applied in order. */
  batch(actions: TBatchAction[]): Promise<ActionResult[]> {
    return this.request("POST", "/batch", actions);
  }

  sent(botId: number, chatId?: number): Promise<SentMessageView[]> {
    return this.request("GET", `/bots/${botId}/sent${chatId === undefined ? "" : `?chat_id=${chatId}`}`);
  }

  inbox(userId: number, botId?: number): Promise<SentMessageView[]> {
    return this.request("GET", `/users/${userId}/inbox${botId === undefined ? "" : `?bot_id=${botId}`}`);
  }

  stats(botId: number): Promise<StatsView> {
    return this.request("GET", `/bots/${botId}/stats`);
  }

  resetStats(botId: number): Promise<StatsView> {
    return this.request("DELETE", `/bots/${botId}/stats`);
  }

  callbacks(botId: number): Promise<CallbackRecord[]> {
    return this.request("GET", `/bots/${botId}/callbacks`);
  }

  /** Updates still waiting for getUpdates / webhook delivery. */
  pendingUpdates(botId: number): Promise<TgUpdate[]> {
    return this.request("GET", `/bots/${botId}/updates`);
  }

  setFaults(botId: number, faults: TFaults): Promise<FaultSettings> {
    return this.request("POST", `/bots/${botId}/faults`, faults);
  }

  clearFaults(botId: number): Promise<FaultSettings> {
    return this.request("DELETE", `/bots/${botId}/faults`);
  }

  redeliverWebhook(botId: number): Promise<{ webhook_url: string | null; pending_updates: number }> {
    return this.request("POST", `/bots/${botId}/webhook-redeliver`, {});
  }
}
