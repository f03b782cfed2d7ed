// Per-bot pending update queue with a single long-poll waiter slot
// (a second concurrent getUpdates terminates the first one, as on Telegram).
import type { TgUpdate } from "../types";

export type WaitOutcome = "update" | "timeout" | "conflict" | "closed" | "aborted";

interface Waiter {
  resolve: (outcome: WaitOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
  onAbort: () => void;
  signal: AbortSignal;
}

export class UpdateQueue {
  private items: TgUpdate[] = [];
  private waiter: Waiter | null = null;
  private listeners = new Set<() => void>();

  get length(): number {
    return this.items.length;
  }

  /** All pending updates, oldest first (read-only view). */
  all(): readonly TgUpdate[] {
    return this.items;
  }

  push(update: TgUpdate): void {
    this.items.push(update);
    this.finishWaiter("update");
    for (const listener of this.listeners) listener();
  }

  /** Registers a callback run after every push (used by webhook delivery). */
  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * getUpdates offset semantics: a positive offset confirms (drops) every update
   * with a smaller id; a negative one keeps only the last |offset| updates.
   */
  confirm(offset: number): void {
    if (offset > 0) {
      const idx = this.items.findIndex((u) => u.update_id >= offset);
      this.items = idx === -1 ? [] : this.items.slice(idx);
    } else if (offset < 0) {
      this.items = this.items.slice(Math.max(0, this.items.length + offset));
    }
  }

  take(limit: number): TgUpdate[] {
    return this.items.slice(0, limit);
  }

  remove(updateId: number): void {
    const idx = this.items.findIndex((u) => u.update_id === updateId);
    if (idx !== -1) this.items.splice(idx, 1);
  }

  clear(): void {
    this.items = [];
  }

  /** Waits for the next push, the timeout, a newer poller, or an abort. */
  wait(ms: number, signal: AbortSignal): Promise<WaitOutcome> {
    this.finishWaiter("conflict");
    if (signal.aborted) return Promise.resolve("aborted");
    return new Promise<WaitOutcome>((resolve) => {
      const onAbort = (): void => this.finishWaiter("aborted");
      const timer = setTimeout(() => this.finishWaiter("timeout"), ms);
      this.waiter = { resolve, timer, onAbort, signal };
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Ends any pending long poll (used on webhook change, reset and shutdown). */
  release(outcome: WaitOutcome = "closed"): void {
    this.finishWaiter(outcome);
  }

  private finishWaiter(outcome: WaitOutcome): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.signal.removeEventListener("abort", waiter.onAbort);
    waiter.resolve(outcome);
  }
}
