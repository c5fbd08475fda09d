import type { ResultAsync } from 'neverthrow';
import type { StoreAdmin } from '../ports/store-admin.js';
import type { StoreError } from '../ports/store-error.js';
import { storeRecordKey, type StoreRecord } from '../ports/store-record.js';
import type { DualRouter } from './dual-router.js';

/** Export and import of `StoreAdmin` over two stores. */
export const dualStoreRecords = (d: DualRouter): Pick<StoreAdmin, 'exportRecords' | 'importRecords'> => ({
  /** The primary's records (reconciliation reads each store directly). */
  exportRecords(): ResultAsync<readonly StoreRecord[], StoreError> {
    return d.primary.exportRecords();
  },

  importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError> {
    return d.write('importRecords', records.map(storeRecordKey), (s) => s.importRecords(records));
  },
});
