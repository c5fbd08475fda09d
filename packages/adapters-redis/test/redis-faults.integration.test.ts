import { createRedisClient, openRedisStateStore, RedisLockManager } from '@caio/adapters-redis';
import { aCard, aClaim, aLead, ManualClock } from '@caio/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnRedis } from '@caio/testkit';
import { testPrefix } from './redis-test-support.js';

let server: OwnRedis;
beforeAll(async () => {
  server = await OwnRedis.start();
}, 30_000);
afterAll(async () => server.stop());

const open = async (overrides: { initEpoch?: boolean; keyPrefix?: string } = {}) =>
  (await openRedisStateStore({ url: server.url, keyPrefix: overrides.keyPrefix ?? testPrefix(), initEpoch: overrides.initEpoch ?? true, clock: new ManualClock(), commandTimeoutMs: 500, connectTimeoutMs: 500 }))._unsafeUnwrap();

const admin = () => new Redis(server.url);

describe('Redis store faults', () => {
  it('fails fast while Redis is down, reports unhealthy, and recovers without a restart', async () => {
    const store = await open();
    const lead = aLead('ada');
    expect((await store.putLead(lead, null)).isOk()).toBe(true);
    await server.kill();
    const started = Date.now();
    const during = await store.getLead(lead.id);
    expect(during._unsafeUnwrapErr()._tag).toMatch(/StoreUnavailable|StoreTimeout/);
    expect(Date.now() - started).toBeLessThan(1_500);
    const health = (await store.health())._unsafeUnwrap();
    expect(health.ok).toBe(false);
    expect(health.sendsBlocked).toContain('unreachable');
    await server.up();
    const deadline = Date.now() + 10_000;
    while (!(await store.health())._unsafeUnwrap().ok && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await store.health())._unsafeUnwrap()).toMatchObject({ ok: true });
    // The restarted server kept nothing (no persistence): the epoch is gone, so sends are blocked.
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toContain('epoch');
    await store.close();
  }, 30_000);

  it('never runs a command late from an offline queue', async () => {
    const prefix = testPrefix();
    const store = await open({ keyPrefix: prefix });
    await server.kill();
    const writes = await Promise.all([1, 2, 3].map((i) => store.putLead(aLead(`late${i}`), null)));
    expect(writes.every((w) => w.isErr())).toBe(true);
    await server.up();
    await new Promise((r) => setTimeout(r, 1_500));
    const redis = admin();
    expect(await redis.keys(`{${prefix}:*`)).toEqual([]);
    redis.disconnect();
    await store.close();
  }, 30_000);

  it('blocks sends after FLUSHALL: a missing "sent" key is never read as "not sent"', async () => {
    const store = await open();
    const lead = aLead('ada');
    await store.putLead(lead, null);
    const card = (await store.putCard({ ...aCard('card_1', lead), status: 'queued' }, null))._unsafeUnwrap();
    const redis = admin();
    await redis.flushall();
    redis.disconnect();
    const claim = await store.claimSend(aClaim(card));
    expect(claim._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked' });
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toContain('epoch');
    // An operator reconciles, then re-initialises the epoch: sends are possible again.
    await store.initializeEpoch();
    await store.putCard({ ...card, version: 1 }, null);
    expect((await store.claimSend(aClaim({ ...card, version: 1 }))).isOk()).toBe(true);
    await store.close();
  }, 30_000);

  it('blocks sends unless maxmemory-policy is noeviction', async () => {
    const redis = admin();
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const store = await open();
      const health = (await store.health())._unsafeUnwrap();
      expect(health.sendsBlocked).toContain('allkeys-lru');
      const lead = aLead('ada');
      await store.putLead(lead, null);
      const card = (await store.putCard({ ...aCard('card_1', lead), status: 'queued' }, null))._unsafeUnwrap();
      expect((await store.claimSend(aClaim(card)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked' });
      await store.close();
    } finally {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
      redis.disconnect();
    }
  }, 30_000);

  it('blocks sends on a database without an epoch unless told to initialise one', async () => {
    const store = await open({ initEpoch: false });
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toContain('epoch marker is missing');
    await store.close();
  });
});

describe('Redis store, a command failing inside a MULTI', () => {
  it('fails the operation (a key of the wrong type is corruption), never reads as done', async () => {
    const prefix = testPrefix();
    const store = await open({ keyPrefix: prefix });
    const redis = admin();
    // ioredis resolves a MULTI whose commands failed: the store must look at each reply.
    await redis.set(`{${prefix}:inbox}:quarantine`, 'not a list');
    const quarantined = await store.quarantine({ id: 'q1', provider: 'rb2b', receivedAt: '2026-03-02T20:00:00.000Z', reason: 'invalid body', body: '{}' });
    expect(quarantined._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreCorrupt', message: expect.stringMatching(/^WRONGTYPE/) });
    await redis.set(`{${prefix}:audit}:inbox:pending`, 'not a sorted set');
    expect((await store.markInboxApplied('evt_1' as never, '2026-03-02T20:00:00.000Z'))._unsafeUnwrapErr()._tag).toBe('StoreCorrupt');
    await redis.set(`{${prefix}:audit}:day-records`, 'not a sorted set');
    const day = { day: '2026-03-02', liveSends: 1, gateFailures: 0, unresolvedSends: 0, clean: true, computedAt: '2026-03-03T00:00:00.000Z' };
    expect((await store.putDayRecord(day))._unsafeUnwrapErr()._tag).toBe('StoreCorrupt');
    redis.disconnect();
    await store.close();
  });
});

describe('Redis leases and fencing', () => {
  it('hands an expired lease to B with a higher fence; A\'s late claim with the stale fence is refused', async () => {
    const store = await open();
    const client = createRedisClient({ url: server.url });
    await client.connect();
    const prefix = store.keys.prefix;
    const locks = new RedisLockManager(client, prefix);
    const a = (await locks.acquire('batch:1', 200))._unsafeUnwrap();
    expect(a).not.toBeNull();
    expect((await locks.acquire('batch:1', 200))._unsafeUnwrap()).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    const b = (await locks.acquire('batch:1', 5_000))._unsafeUnwrap();
    expect(b!.fence.token).toBeGreaterThan(a!.fence.token);
    expect((await locks.renew(a!, 1_000))._unsafeUnwrap()).toBeNull();
    expect((await locks.release(a!))._unsafeUnwrap()).toBe(false);

    const lead = aLead('ada');
    const first = (await store.putCard({ ...aCard('card_b', lead), status: 'queued' }, null))._unsafeUnwrap();
    const late = (await store.putCard({ ...aCard('card_a', aLead('bob')), status: 'queued' }, null))._unsafeUnwrap();
    expect((await store.claimSend(aClaim(first, { fence: b!.fence }))).isOk()).toBe(true);
    expect((await store.claimSend(aClaim(late, { fence: a!.fence })))._unsafeUnwrapErr()).toMatchObject({ reason: 'stale_fence' });
    expect((await locks.release(b!))._unsafeUnwrap()).toBe(true);
    client.disconnect();
    await store.close();
  });
});
