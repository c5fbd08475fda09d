import type { IdGenerator } from '@caio/core';
import { monotonicFactory } from 'ulid';
import { sharedRandomPool, type RandomPool } from './random-pool.js';

/**
 * The marker between prefix and ULID. Ids of the earlier format (`<prefix>_0…`, base-36
 * time, 32 random bits) stay valid and readable; `u` sorts after `0`, so every new id
 * sorts after every id written before the change and listings keep creation order.
 */
export const ULID_ID_MARKER = 'u';

/**
 * Production ids: `<prefix>_u<ULID>` (48-bit millisecond time, 80 random bits, Crockford
 * base 32), so ids sort in creation order (listings page by id, and the review queue shows
 * the oldest card first) and never collide across instances. The `ulid` package's
 * monotonic factory keeps them increasing within a millisecond and when the clock steps
 * back (it keeps the last time and increments the random part).
 *
 * @category adapters
 */
export class TimeSortedIds implements IdGenerator {
  private readonly ulid: (seedTime?: number) => string;

  constructor(
    private readonly now: () => number = Date.now,
    random: RandomPool = sharedRandomPool,
  ) {
    // The package's default draws one getrandom call per character; the pool is cheaper.
    this.ulid = monotonicFactory(() => random.uint32() / 0x1_0000_0000);
  }

  next(prefix: string): string {
    return `${prefix}_${ULID_ID_MARKER}${this.ulid(this.now())}`;
  }
}
