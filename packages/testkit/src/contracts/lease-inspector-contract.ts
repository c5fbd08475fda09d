import type { LeaseInspector, LockManager } from '@caio/core';
import { afterEach, describe, expect, it } from 'vitest';

/** What an adapter hands the contract: a lock manager that can also inspect its leases. @category testing */
export interface LeaseInspectorHarness {
  readonly locks: LockManager & LeaseInspector;
  /** The time the lock manager counts expiry against (ms since the epoch). */
  readonly now: () => number;
  readonly dispose?: () => Promise<void>;
}

let unique = 0;
const resourceFor = (what: string) => `contract-${process.pid}-${Date.now()}-${unique++}-${what}`;
const TTL = 60_000;

/**
 * The `LeaseInspector` contract: nobody holds a free resource; a held lease names its
 * holder (as given to `acquire`, or null without one) and when it expires; a renewal
 * moves the expiry; a released lease is free again. Every lock manager runs it.
 *
 * @category testing
 */
export const leaseInspectorContract = (adapter: string, makeHarness: () => Promise<LeaseInspectorHarness>): void => {
  describe(`LeaseInspector contract: ${adapter}`, () => {
    let harness: LeaseInspectorHarness | undefined;
    const open = async () => (harness = await makeHarness());
    afterEach(async () => {
      await harness?.dispose?.();
      harness = undefined;
    });

    it('names the holder of a live lease and its expiry, and nobody once released', async () => {
      const { locks, now } = await open();
      const resource = resourceFor('held');
      expect((await locks.inspect(resource))._unsafeUnwrap()).toBeNull();
      const before = now();
      const lease = (await locks.acquire(resource, TTL, 'cli:ops-alice (trace_batch_1)'))._unsafeUnwrap()!;
      const held = (await locks.inspect(resource))._unsafeUnwrap();
      expect(held?.holder).toBe('cli:ops-alice (trace_batch_1)');
      const expires = Date.parse(held!.expiresAt);
      expect(expires).toBeGreaterThan(before);
      expect(expires).toBeLessThanOrEqual(now() + TTL);
      expect((await locks.release(lease))._unsafeUnwrap()).toBe(true);
      expect((await locks.inspect(resource))._unsafeUnwrap()).toBeNull();
    });

    it('answers null for a holder that gave no name, and keeps ownership working with a name', async () => {
      const { locks } = await open();
      const anonymous = resourceFor('anonymous');
      const lease = (await locks.acquire(anonymous, TTL))._unsafeUnwrap()!;
      expect((await locks.inspect(anonymous))._unsafeUnwrap()).toMatchObject({ holder: null });
      expect((await locks.release(lease))._unsafeUnwrap()).toBe(true);
      const named = resourceFor('named');
      const mine = (await locks.acquire(named, TTL, 'worker~with~tildes'))._unsafeUnwrap()!;
      expect((await locks.acquire(named, TTL, 'someone else'))._unsafeUnwrap()).toBeNull();
      expect((await locks.renew(mine, TTL * 2))._unsafeUnwrap()).not.toBeNull();
      expect(Date.parse((await locks.inspect(named))._unsafeUnwrap()!.expiresAt)).toBeGreaterThan(Date.parse(mine.expiresAt));
      expect((await locks.release(mine))._unsafeUnwrap()).toBe(true);
    });
  });
};
