import { withArrivalMargin, type RateGate, type RateWindow, type StoreError } from '@caio/core';
import { randomBytes } from 'node:crypto';
import { okAsync, ResultAsync } from 'neverthrow';
import type { RedisClient } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import { toStoreError } from './redis-state-store.js';

/**
 * A `RateGate` shared by every process on one Redis: one sorted set per gate name (a
 * provider account) holding the request starts of the longest window, checked and
 * written by one script on the server's clock. Instances sending to one provider account
 * with the same gate name stay under its published limits together, where local gates
 * would each take the whole limit. A Redis that does not answer is an error: the request
 * is then not made.
 *
 * @category adapters
 */
export class RedisRateGate implements RateGate {
  private readonly key: string;
  private readonly args: string[];
  // Start ids only need to be unique per gate: a random instance tag and a counter.
  private readonly tag = randomBytes(6).toString('hex');
  private counter = 0;

  /** `name` identifies the provider account (never the credential itself). */
  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    name: string,
    windows: readonly RateWindow[],
  ) {
    this.key = new RedisKeys(prefix).rateGate(name);
    this.args = withArrivalMargin(windows).flatMap((w) => [String(w.limit), String(w.windowMs)]);
  }

  tryAcquire(): ResultAsync<number, StoreError> {
    if (this.args.length === 0) return okAsync(0);
    const start = `${this.tag}:${(this.counter++).toString(36)}`;
    return ResultAsync.fromPromise(this.redis.rateGate(1, this.key, start, ...this.args), toStoreError);
  }
}
