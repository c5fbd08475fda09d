import type { IdGenerator } from '@caio/core';

/**
 * Deterministic ids: `card_000001`, `card_000002`... per prefix, so ids sort in
 * creation order exactly as production ids do.
 *
 * @category testing
 */
export class SequentialIds implements IdGenerator {
  private readonly counters = new Map<string, number>();

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}_${String(n).padStart(6, '0')}`;
  }
}
