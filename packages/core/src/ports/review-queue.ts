import type { ResultAsync } from 'neverthrow';
import type { Card } from '../card/card.js';
import type { QueueQuery } from '../queue/queue-query.js';
import { token } from '../shared/token.js';
import type { Page } from './page.js';
import type { StoreError } from './store-error.js';

/**
 * The review queue: pending cards filtered by tier, channel, campaign and source label,
 * within an age window, oldest or newest first, one cursor page at a time. Each store
 * keeps the pending cards in indexes ordered by creation time (one for all, one per
 * tier, channel, campaign and source label), kept in step by every card write, so a page
 * costs in proportion to the page, not to the number of cards stored. A card is listed
 * while its status is `pending`; a card stored without a source label is never matched
 * by a source filter.
 *
 * @category ports
 */
export interface ReviewQueue {
  listQueue(query: QueueQuery): ResultAsync<Page<Card>, StoreError>;
}
export const ReviewQueue = token<ReviewQueue>('ReviewQueue');
