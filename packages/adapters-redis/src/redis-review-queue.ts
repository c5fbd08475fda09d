import { matchesQueue, queryFacets, queueMemberId, queueTimeBound, type Card, type Page, type QueueQuery, type ReviewQueue, type StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { loadCards } from './redis-cards.js';
import type { RedisStoreContext } from './redis-store-context.js';

const PAGE = 100;
const MAX_PAGE = 1000;

/** The text range of one read of a queue index (`ZRANGEBYLEX` bounds), oldest or newest first. */
const range = (query: QueueQuery, cursor: string | undefined): { from: string; to: string } => {
  const from = query.createdFrom === undefined ? '-' : `[${queueTimeBound(query.createdFrom)}`;
  const before = query.createdBefore === undefined ? '+' : `(${queueTimeBound(query.createdBefore)}`;
  if (query.order === 'newest') return { from: cursor === undefined ? before : `(${cursor}`, to: from };
  return { from: cursor === undefined ? from : `(${cursor}`, to: before };
};

/**
 * `ReviewQueue` on Redis: the pending cards' order members in one sorted set per facet
 * (`RedisKeys.queue`), written by the same script as the card. A page reads the smallest
 * set the query names, a chunk at a time from the cursor, and re-checks each card.
 */
export const redisReviewQueue = (c: RedisStoreContext): ReviewQueue => ({
  listQueue(query: QueueQuery): ResultAsync<Page<Card>, StoreError> {
    return c.call(async () => {
      const limit = Math.max(1, Math.min(query.limit ?? PAGE, MAX_PAGE));
      const facets = queryFacets(query).map(c.keys.queue);
      const sizes = await Promise.all(facets.map((key) => c.redis.zcard(key)));
      const index = facets[sizes.indexOf(Math.min(...sizes))] as string;
      const found: { card: Card; member: string }[] = [];
      let cursor = query.after;
      for (;;) {
        const { from, to } = range(query, cursor);
        const chunk = Math.max(limit + 1, 50);
        const members = query.order === 'newest' ? await c.redis.zrevrangebylex(index, from, to, 'LIMIT', 0, chunk) : await c.redis.zrangebylex(index, from, to, 'LIMIT', 0, chunk);
        const cards = await loadCards(c, members.map(queueMemberId));
        members.forEach((member, i) => {
          const card = cards[i];
          if (card && matchesQueue(card, query)) found.push({ card, member });
        });
        if (found.length > limit || members.length < chunk) break;
        cursor = members.at(-1);
      }
      const items = found.slice(0, limit);
      const last = items.at(-1);
      return found.length > limit && last ? { items: items.map((f) => f.card), next: last.member } : { items: items.map((f) => f.card) };
    });
  },
});
