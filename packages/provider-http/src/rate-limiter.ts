import { setTimeout as sleep } from 'node:timers/promises';

/** At most `limit` requests in any `windowMs`. @category adapters */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * A client-side limiter over sliding windows (a provider may publish several, e.g.
 * Instantly's 100/s and 6,000/min): `acquire` resolves when a request may start without
 * exceeding any window. Waiters are served in order.
 *
 * @category adapters
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  private readonly windows: readonly RateWindow[];

  /**
   * Providers count requests when they arrive; this counts them when they start. Network
   * jitter moves a request across the provider's window boundary, so each window is kept
   * a little longer than published (10%, at least 20 ms): the client stays under the limit.
   */
  constructor(
    windows: readonly RateWindow[],
    private readonly now: () => number = Date.now,
  ) {
    this.windows = windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs + Math.max(20, Math.ceil(w.windowMs * 0.1)) }));
  }

  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    if (this.windows.length === 0) return;
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - longest) this.starts.shift();
      let waitMs = 0;
      for (const w of this.windows) {
        const inWindow = this.starts.filter((t) => t > now - w.windowMs);
        if (inWindow.length >= w.limit) waitMs = Math.max(waitMs, inWindow[inWindow.length - w.limit]! + w.windowMs - now + 1);
      }
      if (waitMs <= 0) {
        this.starts.push(now);
        return;
      }
      await sleep(waitMs);
    }
  }
}
