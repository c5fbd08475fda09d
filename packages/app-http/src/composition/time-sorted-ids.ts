import type { IdGenerator } from '@caio/core';
import { sharedRandomPool, type RandomPool } from './random-pool.js';

/**
 * Production ids: `<prefix>_<time><counter><random>` in base 36, so ids sort in creation
 * order (listings page by id, and the review queue shows the oldest card first) and
 * never collide across instances.
 *
 * @category adapters
 */
export class TimeSortedIds implements IdGenerator {
  private last = 0;
  private counter = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: RandomPool = sharedRandomPool,
  ) {}

  next(prefix: string): string {
    const time = this.now();
    this.counter = time === this.last ? this.counter + 1 : 0;
    this.last = time;
    const random = this.random.uint32().toString(36).padStart(7, '0');
    return `${prefix}_${time.toString(36).padStart(9, '0')}${this.counter.toString(36).padStart(3, '0')}${random}`;
  }
}
