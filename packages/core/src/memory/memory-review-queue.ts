import type { ResultAsync } from 'neverthrow';
import type { Card } from '../card/card.js';
import type { Page } from '../ports/page.js';
import type { ReviewQueue } from '../ports/review-queue.js';
import type { StoreError } from '../ports/store-error.js';
import { matchesQueue, queryFacets, queueMemberId, queueTimeBound, type QueueQuery } from '../queue/queue-query.js';
import type { MemoryMachine } from './memory-machine.js';
import { searchSorted } from './sorted-facet-index.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page.js';

/**
 * The reference `ReviewQueue`: walks the smallest index the query names, from the cursor
 * (or the age bound) in the asked order, re-checking each card against every filter,
 * until one more than the page is found.
 */
export const memoryReviewQueue = (m: MemoryMachine): ReviewQueue => ({
  listQueue(query: QueueQuery): ResultAsync<Page<Card>, StoreError> {
    return m.value(() => {
      const cards = m.state.cards;
      const limit = Math.max(1, Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
      const lists = queryFacets(query).map((facet) => m.indexes.queue.list(facet, cards));
      const list = lists.reduce((a, b) => (b.length < a.length ? b : a));
      const from = query.createdFrom === undefined ? undefined : queueTimeBound(query.createdFrom);
      const before = query.createdBefore === undefined ? undefined : queueTimeBound(query.createdBefore);
      const newest = query.order === 'newest';
      const found: { card: Card; member: string }[] = [];
      let i: number;
      if (newest) {
        const upper = query.after ?? before;
        i = (upper === undefined ? list.length : searchSorted(list, upper, false)) - 1;
      } else {
        i = query.after !== undefined ? searchSorted(list, query.after, true) : from === undefined ? 0 : searchSorted(list, from, false);
      }
      for (; i >= 0 && i < list.length && found.length <= limit; i += newest ? -1 : 1) {
        const member = list[i] as string;
        if (newest ? from !== undefined && member < from : before !== undefined && member >= before) break;
        const card = cards[queueMemberId(member)];
        if (card && matchesQueue(card, query)) found.push({ card, member });
      }
      const items = found.slice(0, limit);
      const last = items.at(-1);
      return found.length > limit && last ? { items: items.map((f) => f.card), next: last.member } : { items: items.map((f) => f.card) };
    });
  },
});
