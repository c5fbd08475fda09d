import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { Fence } from '../ledger/send-ledger.js';
import type { StoreError } from './store-error.js';

/**
 * A lease on a resource: a random `token` proves ownership for renew/release, and a
 * monotonic `fence` is passed to state transitions so a stale holder is refused.
 *
 * @category model
 */
export interface Lease {
  readonly resource: string;
  readonly token: string;
  readonly fence: Fence;
  readonly expiresAt: string;
}

/**
 * Leases keep two dispatchers (or two schedulers) off the same work for efficiency.
 * Correctness never depends on them: the ledger claim forbids a second send.
 *
 * @category ports
 */
export interface LockManager {
  /**
   * `null` when another holder has a live lease. `holder` names the taker (an actor and a
   * trace id) for `LeaseInspector.inspect`; it is not a credential.
   */
  acquire(resource: string, ttlMs: number, holder?: string): ResultAsync<Lease | null, StoreError>;
  /** Extends a lease still held; `null` when it was lost (expired and taken). */
  renew(lease: Lease, ttlMs: number): ResultAsync<Lease | null, StoreError>;
  /** Releases only if still held by this token (compare-and-delete). */
  release(lease: Lease): ResultAsync<boolean, StoreError>;
}
export const LockManager = token<LockManager>('LockManager');
