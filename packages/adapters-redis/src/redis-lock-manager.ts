import { holderOfToken, holderToken, systemClock, type Clock, type Lease, type LeaseHolder, type LeaseInspector, type LockManager, type StoreError } from '@caio/core';
import { randomBytes } from 'node:crypto';
import { ResultAsync } from 'neverthrow';
import type { RedisClient } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import { toStoreError } from './redis-state-store.js';

/**
 * Leases on Redis: `SET key token NX PX ttl` with a 20-byte random token, a fence from
 * INCR in the same script (monotonic per resource), compare-and-pexpire renewal and
 * compare-and-delete release. A lease is an efficiency measure; the store's fence check
 * and the ledger claim are what forbid a second send.
 *
 * @category adapters
 */
export class RedisLockManager implements LockManager, LeaseInspector {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly clock: Clock = systemClock,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  acquire(resource: string, ttlMs: number, holder?: string): ResultAsync<Lease | null, StoreError> {
    const token = holderToken(holder, randomBytes(20).toString('hex'));
    return ResultAsync.fromPromise(this.redis.acquireLease(2, this.keys.lock(resource), this.keys.lockFence(resource), token, ttlMs), toStoreError).map((fence) =>
      fence > 0 ? { resource, token, fence: { resource, token: fence }, expiresAt: new Date(this.clock.now().getTime() + ttlMs).toISOString() } : null,
    );
  }

  renew(lease: Lease, ttlMs: number): ResultAsync<Lease | null, StoreError> {
    return ResultAsync.fromPromise(this.redis.renewLease(1, this.keys.lock(lease.resource), lease.token, ttlMs), toStoreError).map((renewed) =>
      renewed === 1 ? { ...lease, expiresAt: new Date(this.clock.now().getTime() + ttlMs).toISOString() } : null,
    );
  }

  /** The holder from the lease's value, the expiry from its remaining time on the server. */
  inspect(resource: string): ResultAsync<LeaseHolder | null, StoreError> {
    const key = this.keys.lock(resource);
    return ResultAsync.fromPromise(Promise.all([this.redis.get(key), this.redis.pttl(key)]), toStoreError).map(([value, ttl]) =>
      value === null || ttl <= 0 ? null : { holder: holderOfToken(value), expiresAt: new Date(this.clock.now().getTime() + ttl).toISOString() },
    );
  }

  release(lease: Lease): ResultAsync<boolean, StoreError> {
    return ResultAsync.fromPromise(this.redis.releaseLease(1, this.keys.lock(lease.resource), lease.token), toStoreError).map((n) => n === 1);
  }
}
