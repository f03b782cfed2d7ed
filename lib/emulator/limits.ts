// Telegram-like flood control: rolling 1 s windows per bot, per paid broadcast
// and per chat, plus the "flood wait" that follows every 429.

export interface LimitConfig {
  enabled: boolean;
  perBotPerSecond: number;
  paidPerSecond: number;
  perChatPerSecond: number;
  /**
   * Requests arriving this soon after a 429 was issued were already in flight
   * when the client got it: they are answered 429 but not counted as violations.
   */
  violationGraceMs: number;
}

export const DEFAULT_LIMITS: LimitConfig = {
  enabled: true,
  perBotPerSecond: 30,
  paidPerSecond: 1000,
  perChatPerSecond: 1,
  violationGraceMs: 50,
};

const WINDOW_MS = 1000;
/** Tolerance for clients whose timers fire a hair early at the end of a wait. */
const END_SLACK_MS = 10;

class SlidingWindow {
  private stamps: number[] = [];

  /**
   * Sends within the last second. `slack` lets stamps expire that much early, so a
   * retry admitted by checkFlood() inside END_SLACK_MS is not rejected (and put into
   * a fresh flood wait) by the very send that caused the wait.
   */
  count(now: number, slack = 0): number {
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] ?? 0) <= now - WINDOW_MS + slack) drop++;
    if (drop > 0) this.stamps.splice(0, drop);
    return this.stamps.length;
  }

  oldest(): number {
    return this.stamps[0] ?? 0;
  }

  add(now: number): void {
    this.stamps.push(now);
  }
}

interface FloodWait {
  issuedAt: number;
  until: number;
}

export interface FloodVerdict {
  retryAfter: number;
  violation: boolean;
  scope: "bot" | "chat";
  until: number;
}

export class RateLimiter {
  private botFlood: FloodWait | null = null;
  private chatFlood = new Map<number, FloodWait>();
  private botWindow = new SlidingWindow();
  private paidWindow = new SlidingWindow();
  private chatWindows = new Map<number, SlidingWindow>();
  private sendWindow = new SlidingWindow();
  private acquisitions = 0;
  peakPerSecond = 0;

  constructor(private readonly config: LimitConfig) {}

  /** Is the bot, or this chat, still inside a flood wait? */
  checkFlood(now: number, chatId: number | null): FloodVerdict | null {
    const botVerdict = this.verdict(this.botFlood, now, "bot");
    if (botVerdict) return botVerdict;
    if (chatId === null) return null;
    return this.verdict(this.chatFlood.get(chatId) ?? null, now, "chat");
  }

  /** Counts one send; returns the retry delay (seconds) when it exceeds a limit. */
  acquire(now: number, chatId: number, paid: boolean): number | null {
    if (!this.config.enabled) return null;
    if (++this.acquisitions % 1000 === 0) this.sweep(now);
    const window = paid ? this.paidWindow : this.botWindow;
    const limit = paid ? this.config.paidPerSecond : this.config.perBotPerSecond;
    if (window.count(now, END_SLACK_MS) >= limit) {
      const retryAfter = secondsUntil(window.oldest() + WINDOW_MS, now);
      this.botFlood = { issuedAt: now, until: now + retryAfter * 1000 };
      return retryAfter;
    }
    let chatWindow = this.chatWindows.get(chatId);
    if (!chatWindow) {
      chatWindow = new SlidingWindow();
      this.chatWindows.set(chatId, chatWindow);
    }
    if (chatWindow.count(now, END_SLACK_MS) >= this.config.perChatPerSecond) {
      const retryAfter = secondsUntil(chatWindow.oldest() + WINDOW_MS, now);
      this.chatFlood.set(chatId, { issuedAt: now, until: now + retryAfter * 1000 });
      return retryAfter;
    }
    window.add(now);
    chatWindow.add(now);
    return null;
  }

  /** Puts the whole bot into flood wait (used by injected 429 faults). */
  enterFlood(now: number, retryAfter: number): void {
    this.botFlood = { issuedAt: now, until: now + retryAfter * 1000 };
  }

  /** Records a delivered send for the sends-per-second statistics. */
  recordSend(now: number): void {
    this.sendWindow.add(now);
    this.peakPerSecond = Math.max(this.peakPerSecond, this.sendWindow.count(now));
  }

  currentPerSecond(now: number): number {
    return this.sendWindow.count(now);
  }

  floodUntil(now: number): number | null {
    return this.botFlood && this.botFlood.until > now ? this.botFlood.until : null;
  }

  private verdict(flood: FloodWait | null, now: number, scope: "bot" | "chat"): FloodVerdict | null {
    if (!flood || now >= flood.until - END_SLACK_MS) return null;
    return {
      retryAfter: secondsUntil(flood.until, now),
      violation: now - flood.issuedAt >= this.config.violationGraceMs,
      scope,
      until: flood.until,
    };
  }

  private sweep(now: number): void {
    for (const [chatId, window] of this.chatWindows) {
      if (window.count(now) === 0) this.chatWindows.delete(chatId);
    }
    for (const [chatId, flood] of this.chatFlood) {
      if (flood.until <= now) this.chatFlood.delete(chatId);
    }
  }
}

function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}
