// Per-bot fault injection: fail the next N sends, fail a fraction of sends,
// and add latency to every Bot API call.
import { ApiError, badGateway, internalError, tooManyRequests } from "./errors";
import { createRng, type Rng } from "./prng";

export type FaultError = 429 | 500 | 502;

export interface FaultSettings {
  /** The next N send calls fail with `error`. */
  failNext: number;
  /** Probability (0..1) that any other send call fails with `error`. */
  failProbability: number;
  error: FaultError;
  /** retry_after (seconds) reported by injected 429s. */
  retryAfter: number;
  /** Extra delay added to every Bot API call of this bot except getUpdates. */
  latencyMs: number;
}

export const NO_FAULTS: FaultSettings = {
  failNext: 0,
  failProbability: 0,
  error: 429,
  retryAfter: 5,
  latencyMs: 0,
};

export class FaultState {
  private settings: FaultSettings = { ...NO_FAULTS };
  private rng: Rng = createRng(1);
  injected = 0;

  set(next: Partial<FaultSettings>, seed?: number): FaultSettings {
    this.settings = { ...this.settings, ...next };
    if (seed !== undefined) this.rng = createRng(seed);
    return this.snapshot();
  }

  clear(): void {
    this.settings = { ...NO_FAULTS };
  }

  snapshot(): FaultSettings {
    return { ...this.settings };
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  /** Decides whether this send call fails; consumes one `failNext` if so. */
  nextSendFault(): ApiError | null {
    const s = this.settings;
    let fail = false;
    if (s.failNext > 0) {
      s.failNext -= 1;
      fail = true;
    } else if (s.failProbability > 0 && this.rng() < s.failProbability) {
      fail = true;
    }
    if (!fail) return null;
    this.injected += 1;
    if (s.error === 500) return internalError();
    if (s.error === 502) return badGateway();
    return tooManyRequests(Math.max(1, Math.round(s.retryAfter)));
  }
}
