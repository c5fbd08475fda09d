import type { Lease, LockManager } from '@caio/core';
import { afterEach, describe, expect, it } from 'vitest';

/** What an adapter hands the `LockManager` contract. @category testing */
export interface LockManagerHarness {
  /** Two managers over the same leases (two processes or instances sharing one store). */
  readonly locks: LockManager;
  readonly other: LockManager;
  /** Lets `ms` pass for the leases: a manual clock advances, a server's clock is waited for. */
  readonly advance: (ms: number) => Promise<void>;
  /** Lease time the contract uses; short on real time (Redis expires on its own clock). */
  readonly ttlMs: number;
  readonly dispose?: () => Promise<void>;
}

let unique = 0;
const resourceFor = (what: string) => `contract:${process.pid}:${Date.now()}:${unique++}:${what}`;
const held = async (locks: LockManager, resource: string, ttlMs: number): Promise<Lease> => {
  const lease = (await locks.acquire(resource, ttlMs))._unsafeUnwrap();
  expect(lease, `a lease on ${resource}`).not.toBeNull();
  return lease!;
};

/**
 * The `LockManager` contract: one live lease per resource across managers sharing a
 * store, a fence that grows with every acquire, renew and release only by the holder's
 * token, expiry hands the resource on (and the old holder can neither renew nor release),
 * and concurrent acquires yield one lease. The memory, file and Redis managers run it.
 *
 * @category testing
 */
export const describeLockManagerContract = (name: string, setup: () => Promise<LockManagerHarness>): void => {
  describe(`LockManager contract: ${name}`, () => {
    let harness: LockManagerHarness | undefined;
    const open = async () => (harness = await setup());
    afterEach(async () => {
      await harness?.dispose?.();
      harness = undefined;
    });

    it('grants one live lease per resource, across managers; other resources are independent', async () => {
      const h = await open();
      const resource = resourceFor('one');
      const lease = await held(h.locks, resource, h.ttlMs);
      expect(lease.resource).toBe(resource);
      expect(lease.fence.resource).toBe(resource);
      expect((await h.locks.acquire(resource, h.ttlMs))._unsafeUnwrap()).toBeNull();
      expect((await h.other.acquire(resource, h.ttlMs))._unsafeUnwrap()).toBeNull();
      await held(h.other, resourceFor('another'), h.ttlMs);
    });

    it('releases only for the holder token, and the next acquire gets a greater fence', async () => {
      const h = await open();
      const resource = resourceFor('release');
      const first = await held(h.locks, resource, h.ttlMs);
      expect((await h.other.release({ ...first, token: `${first.token}-forged` }))._unsafeUnwrap()).toBe(false);
      expect((await h.other.acquire(resource, h.ttlMs))._unsafeUnwrap()).toBeNull();
      expect((await h.locks.release(first))._unsafeUnwrap()).toBe(true);
      expect((await h.locks.release(first))._unsafeUnwrap()).toBe(false);
      const second = await held(h.other, resource, h.ttlMs);
      expect(second.token).not.toBe(first.token);
      expect(second.fence.token).toBeGreaterThan(first.fence.token);
    });

    it('renewal by the holder keeps the lease past its first expiry; a forged token renews nothing', async () => {
      const h = await open();
      const resource = resourceFor('renew');
      const lease = await held(h.locks, resource, h.ttlMs);
      expect((await h.other.renew({ ...lease, token: 'forged' }, h.ttlMs))._unsafeUnwrap()).toBeNull();
      await h.advance(h.ttlMs * 0.6);
      const renewed = (await h.locks.renew(lease, h.ttlMs))._unsafeUnwrap();
      expect(renewed).toMatchObject({ resource, token: lease.token, fence: lease.fence });
      await h.advance(h.ttlMs * 0.6); // past the first expiry, inside the renewed one
      expect((await h.other.acquire(resource, h.ttlMs))._unsafeUnwrap()).toBeNull();
    });

    it('an expired lease passes to the next taker; its old holder can neither renew nor release it', async () => {
      const h = await open();
      const resource = resourceFor('expire');
      const old = await held(h.locks, resource, h.ttlMs);
      await h.advance(h.ttlMs * 1.5);
      const next = await held(h.other, resource, h.ttlMs * 20);
      expect(next.fence.token).toBeGreaterThan(old.fence.token);
      expect((await h.locks.renew(old, h.ttlMs))._unsafeUnwrap()).toBeNull();
      expect((await h.locks.release(old))._unsafeUnwrap()).toBe(false);
      expect((await h.locks.acquire(resource, h.ttlMs))._unsafeUnwrap()).toBeNull();
    });

    it('concurrent acquires of one resource yield exactly one lease', async () => {
      const h = await open();
      const resource = resourceFor('race');
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? h.other : h.locks).acquire(resource, h.ttlMs * 20)));
      expect(answers.filter((a) => a._unsafeUnwrap() !== null)).toHaveLength(1);
    });
  });
};
