import { holderOfToken, holderToken, type Clock, type Lease, type LeaseHolder, type LeaseInspector, type LockManager, type StoreError } from '@caio/core';
import { okAsync, type ResultAsync } from 'neverthrow';

interface Held {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Leases in memory with the same semantics as the Redis adapter: a random token per
 * lease, compare-and-delete release, renewal only while held, and a fence that grows
 * by one with every successful acquire of a resource.
 *
 * @category testing
 */
export class InMemoryLockManager implements LockManager, LeaseInspector {
  private readonly held = new Map<string, Held>();
  private readonly fences = new Map<string, number>();
  private counter = 0;

  constructor(private readonly clock: Clock) {}

  acquire(resource: string, ttlMs: number, holder?: string): ResultAsync<Lease | null, StoreError> {
    const now = this.clock.now().getTime();
    const current = this.held.get(resource);
    if (current && current.expiresAt > now) return okAsync(null);
    const token = holderToken(holder, `lease-${++this.counter}`);
    const fence = (this.fences.get(resource) ?? 0) + 1;
    this.fences.set(resource, fence);
    this.held.set(resource, { token, expiresAt: now + ttlMs });
    return okAsync({ resource, token, fence: { resource, token: fence }, expiresAt: new Date(now + ttlMs).toISOString() });
  }

  renew(lease: Lease, ttlMs: number): ResultAsync<Lease | null, StoreError> {
    const now = this.clock.now().getTime();
    const current = this.held.get(lease.resource);
    if (!current || current.token !== lease.token || current.expiresAt <= now) return okAsync(null);
    this.held.set(lease.resource, { token: lease.token, expiresAt: now + ttlMs });
    return okAsync({ ...lease, expiresAt: new Date(now + ttlMs).toISOString() });
  }

  inspect(resource: string): ResultAsync<LeaseHolder | null, StoreError> {
    const current = this.held.get(resource);
    if (!current || current.expiresAt <= this.clock.now().getTime()) return okAsync(null);
    return okAsync({ holder: holderOfToken(current.token), expiresAt: new Date(current.expiresAt).toISOString() });
  }

  release(lease: Lease): ResultAsync<boolean, StoreError> {
    const current = this.held.get(lease.resource);
    if (!current || current.token !== lease.token) return okAsync(false);
    this.held.delete(lease.resource);
    return okAsync(true);
  }
}
