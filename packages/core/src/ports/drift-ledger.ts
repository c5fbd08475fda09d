import type { ResultAsync } from 'neverthrow';
import type { DriftRecord } from '../dual/drift.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/**
 * Where the dual store keeps its unrepaired drift: in the primary store's backend, so every
 * instance sees a block, a restart does not forget it, and `caio reconcile --repair-drift`
 * (another process) clears it. One record per key; the first detection is kept.
 *
 * @category ports
 */
export interface DriftLedger {
  /** Records drift on these keys; a key already recorded keeps its first record. */
  record(records: readonly DriftRecord[]): ResultAsync<void, StoreError>;
  /** The records of these keys that are still unrepaired. */
  find(keys: readonly string[]): ResultAsync<readonly DriftRecord[], StoreError>;
  /** Every unrepaired record. */
  list(): ResultAsync<readonly DriftRecord[], StoreError>;
  /** Forgets these keys once repaired; answers how many were held. */
  clear(keys: readonly string[]): ResultAsync<number, StoreError>;
}
export const DriftLedger = token<DriftLedger>('DriftLedger');
