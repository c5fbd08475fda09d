/**
 * Counts authentication failures per key (a client address, a presented token) and says
 * when to refuse outright. A small
 * fixed window per key; the map is bounded so a flood of spoofed addresses cannot grow
 * memory without limit (the oldest entries are dropped first).
 *
 * @category adapters
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds to wait when the key is locked out, else null. */
  lockedFor(key: string): number | null {
    const entry = this.failures.get(key);
    if (!entry) return null;
    const elapsed = this.now() - entry.windowStart;
    if (elapsed >= this.windowMs) {
      this.failures.delete(key);
      return null;
    }
    return entry.count >= this.maxFailures ? Math.ceil((this.windowMs - elapsed) / 1000) : null;
  }

  fail(key: string): void {
    const now = this.now();
    const entry = this.failures.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      if (this.failures.size >= this.maxKeys) {
        const oldest = this.failures.keys().next().value;
        if (oldest !== undefined) this.failures.delete(oldest);
      }
      this.failures.set(key, { count: 1, windowStart: now });
    } else {
      entry.count++;
    }
  }

}
