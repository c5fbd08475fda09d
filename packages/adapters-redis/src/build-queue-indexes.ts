import { queueMember } from '@caio/core';
import { loadCards, queueIndexes } from './redis-cards.js';
import type { RedisStoreContext } from './redis-store-context.js';

/**
 * The review queue's indexes (`RedisKeys.queue`) are written with every card since they
 * exist; this adds the cards that were already pending when a store written by an older
 * version is first opened, then sets a marker so it runs once per store (a store with no
 * pending card is scanned again at the next start, one empty read). Idempotent (a
 * ZADD of a member already there changes nothing) and safe from several instances at
 * once; a card that leaves `pending` meanwhile may keep a member, which the queue's
 * re-check of each card skips. Returns how many cards were indexed.
 *
 * @category adapters
 */
export const buildQueueIndexes = async (c: RedisStoreContext, batch = 500): Promise<number> => {
  if ((await c.redis.exists(c.keys.queueBuilt())) === 1) return 0;
  let indexed = 0;
  let after: string | undefined;
  for (;;) {
    const ids = await c.redis.zrangebylex(c.keys.cardsStatus('pending'), after === undefined ? '-' : `(${after}`, '+', 'LIMIT', 0, batch);
    if (ids.length === 0) break;
    const write = c.redis.pipeline();
    for (const card of await loadCards(c, ids)) {
      for (const index of queueIndexes(c.keys, card)) write.zadd(index, 0, queueMember(card!));
      if (card?.status === 'pending') indexed++;
    }
    await write.exec();
    after = ids.at(-1);
  }
  // A store without pending cards gets no marker: start-up writes nothing to an empty database.
  if (after !== undefined) await c.redis.set(c.keys.queueBuilt(), new Date().toISOString());
  return indexed;
};
