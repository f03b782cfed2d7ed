// The demo crowd: a few hundred simulated users of one bot on the emulator.
// On first start it replays their history (backdated /start with a source,
// messages over weeks, some blocks), then keeps a live trickle going: active
// users write, use commands and press the bot's buttons; new users arrive.
import type { EmulatorControl, TBatchAction } from "../client";
import { createRng, pick, weighted, type Rng } from "../prng";
import type { TgInlineKeyboardMarkup, TgReplyMarkup } from "../types";
import { COMMANDS } from "./data";
import { LIVE_WEIGHT, persona, type Persona } from "./personas";

export interface CrowdOptions {
  control: EmulatorControl;
  botId: number;
  /** Users created up front. */
  size: number;
  seed: number;
  /**
   * true: replay every user's backdated history (a fresh database).
   * false: re-create the users silently (the database already has their history).
   */
  history: boolean;
  /** Users who arrived live in an earlier run and must exist again (resume only). */
  knownUsers?: number;
  /** Telegram ids the database knows as blocked (resume only). */
  blockedIds?: ReadonlySet<number>;
  /** Milliseconds between live ticks; 0 disables live activity. */
  tickMs: number;
  /** Live arrivals stop at this many users in total. Default size * 1.5. */
  maxUsers?: number;
  onError?: (error: unknown) => void;
}

export interface Crowd {
  /** Telegram user ids, index = persona index. */
  readonly userIds: readonly number[];
  stop(): Promise<void>;
}

interface Member {
  persona: Persona;
  userId: number;
  blocked: boolean;
}

const CHUNK = 500;

async function createMembers(control: EmulatorControl, personas: Persona[]): Promise<Member[]> {
  const members: Member[] = [];
  for (let i = 0; i < personas.length; i += CHUNK) {
    const slice = personas.slice(i, i + CHUNK);
    const users = await control.createUsers(
      slice.map((p) => ({
        first_name: p.first_name,
        ...(p.last_name ? { last_name: p.last_name } : {}),
        ...(p.username ? { username: p.username } : {}),
        language_code: p.language_code,
        is_premium: p.is_premium,
      })),
    );
    users.forEach((u, k) => members.push({ persona: slice[k]!, userId: u.id, blocked: false }));
  }
  return members;
}

async function runBatches(control: EmulatorControl, actions: TBatchAction[]): Promise<void> {
  for (let i = 0; i < actions.length; i += CHUNK) await control.batch(actions.slice(i, i + CHUNK));
}

/** Backdated history of every member, in time order. */
function historyActions(botId: number, members: Member[], now: number): TBatchAction[] {
  const timed: Array<{ at: number; action: TBatchAction }> = [];
  for (const m of members) {
    const p = m.persona;
    const rng = createRng(p.index + 7);
    const user_id = m.userId;
    timed.push({ at: now - p.firstSeenAgo, action: { type: "start", user_id, bot_id: botId, ...(p.source ? { payload: p.source } : {}), date: now - p.firstSeenAgo } });
    for (const ago of p.messagesAgo) {
      const text = rng() < 0.25 ? pick(rng, COMMANDS) : pick(rng, p.texts);
      timed.push({ at: now - ago, action: { type: "message", user_id, bot_id: botId, text, date: now - ago } });
    }
    if (p.blocked) {
      const at = Math.min(now, now - p.lastSeenAgo + 60);
      timed.push({ at: at + 0.5, action: { type: "block", user_id, bot_id: botId, date: at } });
      m.blocked = true;
    }
  }
  timed.sort((a, b) => a.at - b.at);
  return timed.map((t) => t.action);
}

/** Re-creates the chats of known users without emitting updates. */
function silentActions(botId: number, members: Member[], blockedIds: ReadonlySet<number>): TBatchAction[] {
  const actions: TBatchAction[] = [];
  for (const m of members) {
    actions.push({ type: "start", user_id: m.userId, bot_id: botId, silent: true });
    if (blockedIds.has(m.userId)) {
      actions.push({ type: "block", user_id: m.userId, bot_id: botId, silent: true });
      m.blocked = true;
    }
  }
  return actions;
}

export async function startCrowd(opts: CrowdOptions): Promise<Crowd> {
  const { control, botId, seed } = opts;
  const initial = Math.max(opts.size, opts.history ? 0 : (opts.knownUsers ?? 0));
  const personas = Array.from({ length: initial }, (_, i) => persona(seed, i));
  const members = await createMembers(control, personas);
  const now = Math.floor(Date.now() / 1000);
  if (opts.history) await runBatches(control, historyActions(botId, members, now));
  else await runBatches(control, silentActions(botId, members, opts.blockedIds ?? new Set()));

  const maxUsers = opts.maxUsers ?? Math.ceil(opts.size * 1.5);
  const rng = createRng(seed ^ Date.now());
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = async (): Promise<void> => {
    const actions = await liveActions(control, botId, members, rng, { seed, maxUsers });
    if (actions.length > 0) await control.batch(actions);
  };

  if (opts.tickMs > 0) {
    timer = setInterval(() => {
      running = running.then(() => (stopped ? undefined : tick())).catch((error: unknown) => opts.onError?.(error));
    }, opts.tickMs);
    timer.unref();
  }

  return {
    get userIds() {
      return members.map((m) => m.userId);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}

async function liveActions(
  control: EmulatorControl,
  botId: number,
  members: Member[],
  rng: Rng,
  opts: { seed: number; maxUsers: number },
): Promise<TBatchAction[]> {
  const actions: TBatchAction[] = [];
  // A newcomer arrives now and then, through one of the tracked links.
  if (members.length < opts.maxUsers && rng() < 0.2) {
    const [m] = await createMembers(control, [persona(opts.seed, members.length)]);
    if (m) {
      members.push(m);
      actions.push({ type: "start", user_id: m.userId, bot_id: botId, ...(m.persona.source ? { payload: m.persona.source } : {}) });
    }
  }
  const actors = 1 + Math.floor(rng() * 3);
  const candidates = members.filter((m) => LIVE_WEIGHT[m.persona.activity] > 0);
  for (let i = 0; i < actors && candidates.length > 0; i++) {
    const m = weighted(rng, candidates.map((c) => [c, LIVE_WEIGHT[c.persona.activity]] as const));
    const action = await actFor(control, botId, m, rng);
    if (action) actions.push(action);
  }
  return actions;
}

async function actFor(control: EmulatorControl, botId: number, m: Member, rng: Rng): Promise<TBatchAction | null> {
  const base = { user_id: m.userId, bot_id: botId };
  if (m.blocked) {
    // Some who blocked the bot come back later.
    if (rng() > 0.05) return null;
    m.blocked = false;
    return { type: "start", ...base };
  }
  const roll = rng();
  if (roll < 0.01) {
    m.blocked = true;
    return { type: "block", ...base };
  }
  if (roll < 0.35) {
    const inbox = await control.inbox(m.userId, botId);
    const withButtons = inbox.filter((s) => !s.deleted && inlineButtons(s.reply_markup).length > 0).slice(-3);
    const message = withButtons.length > 0 ? pick(rng, withButtons) : null;
    if (message) {
      return { type: "click", ...base, message_id: message.message_id, data: pick(rng, inlineButtons(message.reply_markup)) };
    }
  }
  if (roll < 0.55) return { type: "message", ...base, text: pick(rng, COMMANDS) };
  return { type: "message", ...base, text: pick(rng, m.persona.texts) };
}

/** callback_data of every inline button of a message. */
function inlineButtons(markup: TgReplyMarkup | undefined): string[] {
  if (!markup || !("inline_keyboard" in markup)) return [];
  return (markup as TgInlineKeyboardMarkup).inline_keyboard.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}
