import type { Batch, BatchId } from '@caio/core';
import { aCard, aLead, AT, ManualClock } from '@caio/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestStore, REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

const prefix = testPrefix();
afterAll(() => removePrefix(prefix));

describe('Redis review-queue indexes', () => {
  it('are built at start for the pending cards of a store written before they existed, once', async () => {
    const clock = new ManualClock(AT);
    const first = await openTestStore(clock, { keyPrefix: prefix });
    const ada = aLead('ada');
    (await first.putCard(aCard('card_1', ada, { sourceLabel: 'acme' }), null))._unsafeUnwrap();
    (await first.putCard(aCard('card_2', ada, { status: 'approved', sourceLabel: 'acme' }), null))._unsafeUnwrap();
    (await first.putCard(aCard('card_3', aLead('bob', { tier: 'tier_2' }), { sourceLabel: 'acme' }), null))._unsafeUnwrap();
    await first.close();
    // What an older version leaves: cards and their listings, no queue indexes, no marker.
    const redis = new Redis(REDIS_URL);
    try {
      const queueKeys = await redis.keys(`{${prefix}:send}:queue*`);
      expect(queueKeys.length).toBeGreaterThan(1);
      await redis.del(...queueKeys);

      const store = await openTestStore(clock, { keyPrefix: prefix });
      expect((await store.listQueue({ sourceLabel: 'acme' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_1', 'card_3']);
      expect((await store.listQueue({ tier: 'tier_2' }))._unsafeUnwrap().items.map((c) => c.id)).toEqual(['card_3']);
      expect(await redis.exists(`{${prefix}:send}:queue-built`)).toBe(1);
      await store.close();
    } finally {
      redis.disconnect();
    }
  });
});

describe('Redis batch status indexes', () => {
  const batchPrefix = testPrefix();
  afterAll(() => removePrefix(batchPrefix));

  it('are built at start for the batches of a store written before they existed, once', async () => {
    const clock = new ManualClock(AT);
    const first = await openTestStore(clock, { keyPrefix: batchPrefix });
    const batch = (id: string, status: Batch['status']): Batch => ({ id: id as BatchId, items: [], snapshotDigest: 'd', status, createdBy: 'system:test', createdAt: AT, updatedAt: AT, version: 1, outcomes: [] });
    for (const [id, status] of [['batch_1', 'open'], ['batch_2', 'executed'], ['batch_3', 'open']] as const) (await first.putBatch(batch(id, status), null))._unsafeUnwrap();
    await first.close();
    // What an older version leaves: batches and the list of all of them, no status indexes, no marker.
    const redis = new Redis(REDIS_URL);
    try {
      const statusKeys = await redis.keys(`{${batchPrefix}:send}:batches:status:*`);
      expect(statusKeys.length).toBe(2);
      await redis.del(...statusKeys);

      const store = await openTestStore(clock, { keyPrefix: batchPrefix });
      expect((await store.listBatches({ status: 'open' }))._unsafeUnwrap().items.map((b) => b.id)).toEqual(['batch_1', 'batch_3']);
      expect((await store.listBatches({ status: 'executed' }))._unsafeUnwrap().items.map((b) => b.id)).toEqual(['batch_2']);
      expect(await redis.exists(`{${batchPrefix}:send}:batches-built`)).toBe(1);
      await store.close();
    } finally {
      redis.disconnect();
    }
  });
});
