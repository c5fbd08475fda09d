import { okAsync, type ResultAsync } from 'neverthrow';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { LedgerQuery, StateStore } from '../../ports/state-store.js';
import type { StoreError } from '../../ports/store-error.js';

/** Follows the pages of a ledger listing to the end (recovery, cadence, day records, reconcile). */
export const listAllLedger = (store: StateStore, query: Omit<LedgerQuery, 'after' | 'limit'>): ResultAsync<readonly LedgerEntry[], StoreError> => {
  const collect = (after: string | undefined, acc: LedgerEntry[]): ResultAsync<LedgerEntry[], StoreError> =>
    store.listLedger({ ...query, limit: 1000, ...(after ? { after } : {}) }).andThen((page) => {
      acc.push(...page.items);
      return page.next ? collect(page.next, acc) : okAsync(acc);
    });
  return collect(undefined, []);
};
