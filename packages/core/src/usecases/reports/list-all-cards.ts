import { okAsync, type ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import type { CardQuery, StateStore } from '../../ports/state-store.js';
import type { StoreError } from '../../ports/store-error.js';

/** Follows the pages of a card listing to the end (reports over the whole queue). */
export const listAllCards = (store: StateStore, query: Omit<CardQuery, 'after' | 'limit'>): ResultAsync<readonly Card[], StoreError> => {
  const collect = (after: string | undefined, acc: Card[]): ResultAsync<Card[], StoreError> =>
    store.listCards({ ...query, limit: 1000, ...(after ? { after } : {}) }).andThen((page) => {
      acc.push(...page.items);
      return page.next ? collect(page.next, acc) : okAsync(acc);
    });
  return collect(undefined, []);
};
