import type { ResultAsync } from 'neverthrow';
import type { Cards } from '../../ports/cards.js';
import type { StoreError } from '../../ports/store-error.js';
import { rejectionReport } from '../../rejection/rejection-report.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { listAllCards } from './list-all-cards.js';

export type RejectionSummary = ReturnType<typeof rejectionReport>;

/** The roles of the store the rejection summary reads. */
export type RejectionSummaryStore = Cards;

/**
 * The learning-loop report over every reviewed card: top rejection tags, rejection
 * ratio per day and its trend over the window.
 *
 * @category model
 */
export const rejectionSummary = (deps: UseCaseDeps<RejectionSummaryStore>, windowDays: number): ResultAsync<RejectionSummary, StoreError> =>
  listAllCards(deps.store, {}).map((cards) => rejectionReport(cards, { now: deps.clock.now(), timeZone: deps.policy.timeZone, windowDays }));
