import { createRedisClient, initializeRedisEpoch, openRedisStateStore, RedisLockManager, replaceRedisEpoch } from '@caio/adapters-redis';
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

/** A store on a fresh prefix, its epoch marker initialised first (as `caio state init` does) unless `initEpoch: false`. */
const open = async (overrides: { initEpoch?: boolean; keyPrefix?: string } = {}) => {
  const target = { url: server.url, keyPrefix: overrides.keyPrefix ?? testPrefix() };
  if (overrides.initEpoch ?? true) (await initializeRedisEpoch(target, { witnessed: null }))._unsafeUnwrap();
  return (await openRedisStateStore({ ...target, clock: new ManualClock(), commandTimeoutMs: 500, connectTimeoutMs: 500 }))._unsafeUnwrap();
};

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
    const prefix = testPrefix();
    const store = await open({ keyPrefix: prefix });
    const lead = aLead('ada');
    await store.putLead(lead, null);
    const card = (await store.putCard({ ...aCard('card_1', lead), status: 'queued' }, null))._unsafeUnwrap();
    const redis = admin();
    const seen = (await redis.get(`{${prefix}:send}:epoch`))!;
    await redis.flushall();
    const claim = await store.claimSend(aClaim(card));
    expect(claim._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreBlocked' });
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toContain('epoch');
    // The store never recreates the marker.
    expect(await redis.get(`{${prefix}:send}:epoch`)).toBeNull();
    // An init refuses a prefix the deployment saw a marker on.
    expect((await initializeRedisEpoch({ url: server.url, keyPrefix: prefix }, { witnessed: seen }))._unsafeUnwrapErr()).toMatchObject({ _tag: 'EpochRefused', reason: expect.stringContaining('accept-loss') });
    // A new marker that does not say it replaced the one this store saw leaves it blocked ("changed").
    (await replaceRedisEpoch({ url: server.url, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toContain('the epoch marker changed');
    // Accepting the loss of the marker this store saw: it follows the recorded replacement.
    const accepted = (await replaceRedisEpoch({ url: server.url, keyPrefix: prefix }, { witnessed: seen }))._unsafeUnwrap();
    expect(accepted.superseded).toContain(seen);
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toBeUndefined();
    // Nothing left to accept now.
    expect((await replaceRedisEpoch({ url: server.url, keyPrefix: prefix }, { witnessed: seen }))._unsafeUnwrapErr()._tag).toBe('EpochRefused');
    redis.disconnect();
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

  it('blocks sends on a database without an epoch marker and never creates one, saying what to run', async () => {
    const prefix = testPrefix();
    const store = await open({ initEpoch: false, keyPrefix: prefix });
    const blocked = (await store.health())._unsafeUnwrap().sendsBlocked;
    expect(blocked).toContain('epoch marker');
    expect(blocked).toContain('caio state init');
    expect(blocked).toContain('caio state accept-loss');
    const redis = admin();
    expect(await redis.get(`{${prefix}:send}:epoch`)).toBeNull();
    // An operator initialises it (explicitly, once): the running store follows without a restart.
    (await initializeRedisEpoch({ url: server.url, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toBeUndefined();
    redis.disconnect();
    await store.close();
  });

  it('initialises a marker only on a prefix that never held data, once', async () => {
    const prefix = testPrefix();
    const target = { url: server.url, keyPrefix: prefix };
    const store = await open({ initEpoch: false, keyPrefix: prefix });
    await store.putLead(aLead('written-before-init'), null);
    expect((await initializeRedisEpoch(target, { witnessed: null }))._unsafeUnwrapErr()).toMatchObject({ _tag: 'EpochRefused', reason: expect.stringMatching(/already holds records .*lead/) });
    const fresh = { url: server.url, keyPrefix: testPrefix() };
    // Leases and rate windows are not records: a fresh app's scheduler leases do not count.
    const client = createRedisClient(fresh);
    await client.connect();
    expect((await new RedisLockManager(client, fresh.keyPrefix).acquire('schedule:x', 60_000))._unsafeUnwrap()).toBeTruthy();
    await client.quit();
    (await initializeRedisEpoch(fresh, { witnessed: null }))._unsafeUnwrap();
    expect((await initializeRedisEpoch(fresh, { witnessed: null }))._unsafeUnwrapErr()).toMatchObject({ _tag: 'EpochRefused', reason: expect.stringContaining('already exists') });
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
