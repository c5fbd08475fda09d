import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';
import type { StoreRecord } from './store-record.js';

/** @category ports */
export interface StoreHealth {
  readonly ok: boolean;
  readonly backend: string;
  /** Set when sends must not run (store unreachable, epoch lost, bad eviction policy). */
  readonly sendsBlocked?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * The store as a whole: copy and repair (cutover, drift reconciliation; operator-driven,
 * not for the hot path), health, and closing it.
 *
 * @category ports
 */
export interface StoreAdmin {
  /** Every durable record, ordered by `storeRecordKey`. */
  exportRecords(): ResultAsync<readonly StoreRecord[], StoreError>;
  /**
   * Writes each record as given, replacing whatever the store held under its key and
   * keeping every index consistent (identity index, status listings...). Operator-driven.
   */
  importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError>;
  health(): ResultAsync<StoreHealth, never>;
  close(): Promise<void>;
}
export const StoreAdmin = token<StoreAdmin>('StoreAdmin');
