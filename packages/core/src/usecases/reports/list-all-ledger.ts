import type { ResultAsync } from 'neverthrow';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { LedgerQuery, SendLedger } from '../../ports/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import { collectPages, REPORT_PAGE_SIZE } from './collect-pages.js';

/** Follows the pages of a ledger listing to the end (recovery, cadence, day records, reconcile). */
export const listAllLedger = (store: SendLedger, query: Omit<LedgerQuery, 'after' | 'limit'>): ResultAsync<readonly LedgerEntry[], StoreError> =>
  collectPages((after) => store.listLedger({ ...query, limit: REPORT_PAGE_SIZE, ...(after ? { after } : {}) }));
