import { okAsync, type ResultAsync } from 'neverthrow';
import type { DriftLedger } from '../ports/drift-ledger.js';
import type { StoreError } from '../ports/store-error.js';
import type { DriftRecord } from './drift.js';

/**
 * Drift kept in this process's memory: the reference behaviour of the port, and the
 * dual store's default when no shared ledger is given (then a restart forgets it).
 *
 * @category adapters
 */
export class MemoryDriftLedger implements DriftLedger {
  private readonly records = new Map<string, DriftRecord>();

  record(records: readonly DriftRecord[]): ResultAsync<void, StoreError> {
    for (const r of records) if (!this.records.has(r.key)) this.records.set(r.key, r);
    return okAsync(undefined);
  }

  find(keys: readonly string[]): ResultAsync<readonly DriftRecord[], StoreError> {
    return okAsync(keys.flatMap((k) => this.records.get(k) ?? []));
  }

  list(): ResultAsync<readonly DriftRecord[], StoreError> {
    return okAsync([...this.records.values()]);
  }

  clear(keys: readonly string[]): ResultAsync<number, StoreError> {
    return okAsync(keys.filter((k) => this.records.delete(k)).length);
  }
}
