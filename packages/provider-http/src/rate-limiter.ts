import { slidingWindowWait, withArrivalMargin, type RateGate, type RateWindow, type StoreError } from '@caio/core';
import { err, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { setTimeout as sleep } from 'node:timers/promises';

export type { RateWindow } from '@caio/core';

/**
 * The in-process `RateGate`: a sliding window log over the provider's published windows
 * (with the arrival margin of `withArrivalMargin`). Paces one process only; instances
 * sharing a provider account share a gate on Redis instead (`RedisRateGate`).
 *
 * @category adapters
 */
export class LocalRateGate implements RateGate {
  private readonly starts: number[] = [];
  private readonly windows: readonly RateWindow[];
  private readonly longest: number;

  constructor(
    windows: readonly RateWindow[],
    private readonly now: () => number = Date.now,
  ) {
    this.windows = withArrivalMargin(windows);
    this.longest = Math.max(0, ...this.windows.map((w) => w.windowMs));
  }

  tryAcquire(): ResultAsync<number, StoreError> {
    if (this.windows.length === 0) return okAsync(0);
    const now = this.now();
    while (this.starts.length > 0 && this.starts[0]! <= now - this.longest) this.starts.shift();
    const wait = slidingWindowWait(this.starts, this.windows, now);
    if (wait === 0) this.starts.push(now);
    return okAsync(wait);
  }
}

/**
 * Waits at a `RateGate` until a request may start. Waiters of one process are served in
 * order (one asks the gate at a time), so a burst leaves as a steady stream.
 *
 * @category adapters
 */
export class RateLimiter {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly gate: RateGate;

  /** Over the published `windows` (a `LocalRateGate`), or over a given gate (shared). */
  constructor(windowsOrGate: readonly RateWindow[] | RateGate, now: () => number = Date.now) {
    this.gate = 'tryAcquire' in windowsOrGate ? windowsOrGate : new LocalRateGate(windowsOrGate, now);
  }

  /** Resolves when a request may start (it is then counted), or with the gate's error. */
  acquire(): Promise<Result<void, StoreError>> {
    const turn = this.queue.then(() => this.waitForRoom());
    // A bug that throws must not wedge every later waiter behind a rejected turn.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForRoom(): Promise<Result<void, StoreError>> {
    for (;;) {
      const answer = await this.gate.tryAcquire();
      if (answer.isErr()) return err(answer.error);
      if (answer.value <= 0) return ok(undefined);
      await sleep(answer.value);
    }
  }
}
