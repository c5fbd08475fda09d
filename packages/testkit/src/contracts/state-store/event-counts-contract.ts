import { EVENT_RETENTION_MS } from '@caio/core';
import { describe, expect, it } from 'vitest';
import type { StateStoreContractEnv } from './contract-env.js';

const T0 = new Date('2026-03-02T15:00:30.000Z');
const after = (ms: number): Date => new Date(T0.getTime() + ms);
const MIN = 60_000;

/**
 * The contract of `EventCounts`: events counted per name in one-minute buckets, read over
 * a rolling window, shared by everything that opens the same store.
 *
 * @category testing
 */
export const eventCountsContract = (env: StateStoreContractEnv): void => {
  describe('event counts', () => {
    it('counts events per name inside the window and forgets those before it', async () => {
      for (const at of [T0, T0, after(5 * MIN)]) (await env.store.countEvent('webhook_auth_failure', at))._unsafeUnwrap();
      (await env.store.countEvent('other', T0))._unsafeUnwrap();
      const count = async (windowMs: number, at: Date) => (await env.store.countEventsInWindow('webhook_auth_failure', windowMs, at))._unsafeUnwrap();
      expect(await count(15 * MIN, after(5 * MIN))).toBe(3);
      // Ten minutes later, a five-minute window no longer reaches T0's bucket.
      expect(await count(5 * MIN, after(10 * MIN))).toBe(1);
      expect(await count(15 * MIN, after(30 * MIN))).toBe(0);
      expect((await env.store.countEventsInWindow('never_counted', 15 * MIN, T0))._unsafeUnwrap()).toBe(0);
      expect((await env.store.countEventsInWindow('other', 15 * MIN, T0))._unsafeUnwrap()).toBe(1);
    });

    it('loses no count under concurrent events', async () => {
      await Promise.all(Array.from({ length: 40 }, () => env.store.countEvent('burst', T0)));
      expect((await env.store.countEventsInWindow('burst', MIN, T0))._unsafeUnwrap()).toBe(40);
    });

    it('reaches back at most the retention', async () => {
      (await env.store.countEvent('old', T0))._unsafeUnwrap();
      (await env.store.countEvent('old', after(EVENT_RETENTION_MS + 2 * MIN)))._unsafeUnwrap();
      expect((await env.store.countEventsInWindow('old', 10 * EVENT_RETENTION_MS, after(EVENT_RETENTION_MS + 2 * MIN)))._unsafeUnwrap()).toBe(1);
    });

    if (env.options.durable) it('keeps the counts across a restart', async () => {
      (await env.store.countEvent('webhook_auth_failure', T0))._unsafeUnwrap();
      await env.reopen();
      expect((await env.store.countEventsInWindow('webhook_auth_failure', 15 * MIN, T0))._unsafeUnwrap()).toBe(1);
    });
  });
};
