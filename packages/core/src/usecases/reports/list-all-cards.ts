import type { ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import type { CardQuery, Cards } from '../../ports/cards.js';
import type { StoreError } from '../../ports/store-error.js';
import { collectPages, REPORT_PAGE_SIZE } from './collect-pages.js';

/** Follows the pages of a card listing to the end (reports over the whole queue). */
export const listAllCards = (store: Cards, query: Omit<CardQuery, 'after' | 'limit'>): ResultAsync<readonly Card[], StoreError> =>
  collectPages((after) => store.listCards({ ...query, limit: REPORT_PAGE_SIZE, ...(after ? { after } : {}) }));
