// All emulator data: bots, simulated users, chats and services bound to them.
import { FaultState } from "./faults";
import { FIRST_BOT_ID, FIRST_UPDATE_ID, FIRST_USER_ID, botIdFromToken, makeToken } from "./ids";
import { RateLimiter } from "./limits";
import { emptyStats, type BotRecord, type EmulatorConfig, type SimUser } from "./model";
import type { TgUser } from "./types";
import { UpdateQueue } from "./updates/queue";
import { WebhookDelivery } from "./updates/webhook";

export interface NewBotInput {
  username: string;
  first_name?: string;
  token?: string;
  first_update_id?: number;
}

export interface NewUserInput {
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
}

export class EmulatorStateError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class EmulatorState {
  readonly bots = new Map<number, BotRecord>();
  readonly botsByToken = new Map<string, BotRecord>();
  readonly users = new Map<number, SimUser>();
  /** file_ids the emulator issued (uploads / URLs); any of them may be re-sent. */
  readonly fileIds = new Set<string>();
  readonly webhooks: WebhookDelivery;
  private nextBotId = FIRST_BOT_ID;
  private nextUserId = FIRST_USER_ID;
  private callbackSeq = 1;

  constructor(readonly config: EmulatorConfig) {
    this.webhooks = new WebhookDelivery(config.webhook);
  }

  createBot(input: NewBotInput): BotRecord {
    const username = input.username.replace(/^@/, "");
    for (const bot of this.bots.values()) {
      if (bot.user.username?.toLowerCase() === username.toLowerCase()) {
        throw new EmulatorStateError(409, `bot username "${username}" is already taken`);
      }
    }
    let id: number;
    let token: string;
    if (input.token) {
      const fromToken = botIdFromToken(input.token);
      if (fromToken === null) throw new EmulatorStateError(400, "token must look like <botId>:<35 url-safe chars>");
      if (this.bots.has(fromToken)) throw new EmulatorStateError(409, `bot id ${fromToken} already exists`);
      id = fromToken;
      token = input.token;
    } else {
      while (this.bots.has(this.nextBotId)) this.nextBotId += 1;
      id = this.nextBotId++;
      token = makeToken(id);
    }
    const bot: BotRecord = {
      id,
      token,
      user: {
        id,
        is_bot: true,
        first_name: input.first_name ?? username,
        username,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
      },
      createdAt: Date.now(),
      chats: new Map(),
      queue: new UpdateQueue(),
      nextUpdateId: input.first_update_id ?? FIRST_UPDATE_ID,
      allowedUpdates: null,
      webhook: null,
      commands: new Map(),
      sent: [],
      callbacks: new Map(),
      stats: emptyStats(),
      limiter: new RateLimiter(this.config.limits),
      faults: new FaultState(),
      violationLog: [],
    };
    this.bots.set(id, bot);
    this.botsByToken.set(token, bot);
    return bot;
  }

  createUser(input: NewUserInput): SimUser {
    const id = this.nextUserId++;
    const user: TgUser = { id, is_bot: false, first_name: input.first_name };
    if (input.last_name) user.last_name = input.last_name;
    if (input.username) user.username = input.username.replace(/^@/, "");
    if (input.language_code) user.language_code = input.language_code;
    if (input.is_premium) user.is_premium = true;
    const sim: SimUser = { user, deactivated: false, createdAt: Date.now() };
    this.users.set(id, sim);
    return sim;
  }

  bot(id: number): BotRecord {
    const bot = this.bots.get(id);
    if (!bot) throw new EmulatorStateError(404, `bot ${id} not found`);
    return bot;
  }

  user(id: number): SimUser {
    const user = this.users.get(id);
    if (!user) throw new EmulatorStateError(404, `user ${id} not found`);
    return user;
  }

  nextCallbackSeq(): number {
    return this.callbackSeq++;
  }

  /** Drops everything: bots, users, chats, pending updates and webhooks. */
  reset(): void {
    for (const bot of this.bots.values()) bot.queue.release("closed");
    this.webhooks.stopAll();
    this.bots.clear();
    this.botsByToken.clear();
    this.users.clear();
    this.fileIds.clear();
    this.nextBotId = FIRST_BOT_ID;
    this.nextUserId = FIRST_USER_ID;
    this.callbackSeq = 1;
  }
}
