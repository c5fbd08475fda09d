import type { ResultAsync } from 'neverthrow';
import type { Card } from '../card/card.js';
import type { Page } from '../ports/page.js';
import type { ReviewQueue } from '../ports/review-queue.js';
import type { StoreError } from '../ports/store-error.js';
import type { QueueQuery } from '../queue/queue-query.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { DualRouter } from './dual-router.js';

/** `ReviewQueue` over two stores: a read, compared when dual reads are on (see `DualRouter`). */
export const dualReviewQueue = (d: DualRouter): ReviewQueue => ({
  listQueue(query: QueueQuery): ResultAsync<Page<Card>, StoreError> {
    return d.read('listQueue', [`queue:${canonicalJson(query)}`], (s) => s.listQueue(query));
  },
});
