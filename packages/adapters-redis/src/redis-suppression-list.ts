import { pageById, type Page, type Suppression, type SuppressionQuery, type SuppressionTarget } from '@caio/core';
import { parseJsonRecord } from './record-codec.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/**
 * The do-not-contact list on Redis: entries are `suppression:<target>` keys of the send
 * slot, indexed by the `suppressions` set (the claim reads the same keys).
 *
 * @category adapters
 */
export class RedisSuppressionList {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async list(query: SuppressionQuery): Promise<Page<Suppression>> {
    const targets = (await this.redis.smembers(this.keys.suppressions())).sort();
    const page = pageById(targets, (t) => t, query.limit, query.after);
    if (page.items.length === 0) return { items: [] };
    const values = await this.redis.mget(...page.items.map((t) => this.keys.suppression(t)));
    const items = values.flatMap((v, i) => (v === null ? [] : [parseJsonRecord<Suppression>(this.keys.suppression(page.items[i]!), v)]));
    return page.next === undefined ? { items } : { items, next: page.next };
  }

  async remove(target: SuppressionTarget): Promise<Suppression | null> {
    const removed = await this.redis.removeSuppression(2, this.keys.suppression(target), this.keys.suppressions(), target);
    return removed === null ? null : parseJsonRecord<Suppression>(this.keys.suppression(target), removed);
  }
}
