import type { EventId, InboxEvent } from '@caio/core';
import { AT, ManualClock } from '@caio/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestStore, REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

const prefix = testPrefix();
const brokenPrefix = testPrefix();
afterAll(async () => {
  await removePrefix(prefix);
  await removePrefix(brokenPrefix);
});

const DAY = 86_400_000;
const event = (id: string): Omit<InboxEvent, 'applied'> => ({
  eventId: id as EventId,
  provider: 'instantly',
  receivedAt: AT,
  expiresAt: new Date(new Date(AT).getTime() + 7 * DAY).toISOString(),
  payload: { type: 'EmailOpened', id },
});

/** Writes an inbox event where and how versions before the move kept it (`{p:inbox}`). */
const writeLegacy = async (redis: Redis, id: string, pending: boolean) => {
  const old = `{${prefix}:inbox}`;
  const e = event(id);
  const expiresAtMs = new Date(e.expiresAt).getTime();
  await redis.set(`${old}:event:${id}`, JSON.stringify({ ...e, expiresAtMs }), 'PX', 8 * DAY);
  await redis.zadd(`${old}:all`, 0, id);
  await redis.zadd(`${old}:expiry`, expiresAtMs, id);
  if (pending) {
    await redis.zadd(`${old}:pending`, new Date(AT).getTime(), id);
    await redis.set(`${old}:claim:${id}`, `${new Date(AT).getTime() + 30_000}|old-instance`, 'PX', 90_000);
  }
};

describe('Redis inbox move into the audit slot', () => {
  it('moves the inbox an older version left behind at start, keeping what is applied, what is pending and retention; a newer record wins', async () => {
    const clock = new ManualClock(AT);
    const redis = new Redis(REDIS_URL);
    const first = await openTestStore(clock, { keyPrefix: prefix });
    // Recorded and applied by an upgraded instance, while an old one still wrote it as pending.
    expect((await first.recordAppliedInboxEvent(event('evt_both'), { id: 'a1', trace: { traceId: 't' as never, actor: 'test', at: AT, origin: 'test' }, action: 'webhook.EmailOpened', detail: {} }))._unsafeUnwrap()._tag).toBe('New');
    await first.quarantine({ id: 'q1', provider: 'rb2b', receivedAt: AT, reason: 'invalid body', body: '{}' });
    await first.close();
    await writeLegacy(redis, 'evt_applied', false);
    await writeLegacy(redis, 'evt_pending', true);
    await writeLegacy(redis, 'evt_both', true);

    const store = await openTestStore(clock, { keyPrefix: prefix });
    // A redelivery of an event the old version applied is still a duplicate...
    expect((await store.recordInboxEvent(event('evt_applied'), { holder: 'new', ttlMs: 30_000 }))._unsafeUnwrap()._tag).toBe('Applied');
    // ...one it recorded but never applied is still pending (start-up replay applies it), and the newer record of evt_both wins.
    expect((await store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_pending']);
    expect((await store.recordAppliedInboxEvent(event('evt_both'), { id: 'a2', trace: { traceId: 't' as never, actor: 'test', at: AT, origin: 'test' }, action: 'webhook.EmailOpened', detail: {} }))._unsafeUnwrap()._tag).toBe('Applied');
    // Nothing is left in the old place but the quarantine, which stays there.
    const left = await redis.keys(`{${prefix}:inbox}*`);
    expect(left).toEqual([`{${prefix}:inbox}:quarantine`]);
    expect((await store.listQuarantine(10))._unsafeUnwrap().map((q) => q.id)).toEqual(['q1']);
    // The moved keys kept their TTL, and retention still ends them.
    const ttl = await redis.pttl(`{${prefix}:audit}:inbox:event:evt_applied`);
    expect(ttl).toBeGreaterThan(7 * DAY);
    expect(ttl).toBeLessThanOrEqual(8 * DAY);
    clock.advance(7 * DAY + 1);
    expect((await store.pruneInbox(clock.now().toISOString(), 100))._unsafeUnwrap()).toBe(3);
    await store.close();
    // A second start finds nothing to move and changes nothing.
    const again = await openTestStore(clock, { keyPrefix: prefix });
    expect((await again.listPendingInbox(10))._unsafeUnwrap()).toEqual([]);
    await again.close();
    redis.disconnect();
  });

  it('blocks sends, saying why, when what an older version left cannot be moved', async () => {
    const redis = new Redis(REDIS_URL);
    // An index of the old inbox that is not a sorted set: nothing can be read from it.
    await redis.set(`{${brokenPrefix}:inbox}:all`, 'not a sorted set');
    const store = await openTestStore(new ManualClock(AT), { keyPrefix: brokenPrefix });
    expect((await store.health())._unsafeUnwrap().sendsBlocked).toMatch(/^start-up checks failed: StoreCorrupt: WRONGTYPE/);
    await store.close();
    redis.disconnect();
  });
});
