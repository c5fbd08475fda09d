/**
 * Counts events in a rolling window (this instance only): the webhook authentication
 * failures the fallback breaker looks at. Old events are dropped as new ones come.
 *
 * @category adapters
 */
export class RollingCounter {
  private readonly times: number[] = [];

  constructor(
    private readonly windowMs: number,
    /** At most this many events are remembered (a flood costs bounded memory). */
    private readonly max = 100_000,
  ) {}

  record(now: Date): void {
    this.times.push(now.getTime());
    if (this.times.length > this.max) this.times.shift();
  }

  count(now: Date): number {
    const since = now.getTime() - this.windowMs;
    while (this.times.length > 0 && this.times[0]! < since) this.times.shift();
    return this.times.length;
  }
}

/** The breaker's window for webhook authentication failures. */
export const WEBHOOK_AUTH_FAILURE_WINDOW_MS = 15 * 60_000;
