import type { AuditEntry, CardId, TraceId } from '@caio/core';
import { ManualClock } from '@caio/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestStore, REDIS_URL, removePrefix } from './redis-test-support.js';

const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await removePrefix(p);
});

/** A fresh store, an admin connection to look at its keys, and its audit hash tag. */
const openWithAdmin = async () => {
  const store = await openTestStore(new ManualClock());
  prefixes.push(store.keys.prefix);
  const redis = new Redis(REDIS_URL);
  const done = async () => {
    redis.disconnect();
    await store.close();
  };
  return { store, redis, tag: `{${store.keys.prefix}:audit}`, done };
};
const emptyLists = async (redis: Redis, lists: readonly string[]) => {
  for (const list of lists) expect(await redis.llen(list), list).toBe(0);
};

const entry = (id: string, traceId: string, cardId?: string): AuditEntry => ({
  id,
  trace: { traceId: traceId as TraceId, actor: 'test', at: '2026-03-02T20:00:00.000Z', origin: 'test' },
  action: 'send.sent',
  ...(cardId ? { cardId: cardId as CardId } : {}),
  detail: { body: 'x'.repeat(500) },
});

describe('Redis audit layout', () => {
  it('stores each entry once, however many lists name it', async () => {
    const { store, redis, tag, done } = await openWithAdmin();
    await store.appendAudit(entry('a1', 't1', 'card_1'));
    // The log and the two indexes hold the entry's number; the JSON is in the entries hash only.
    for (const list of [`${tag}:log`, `${tag}:trace:t1`, `${tag}:card:card_1`]) expect(await redis.lrange(list, 0, -1)).toEqual(['1']);
    expect(JSON.parse((await redis.hget(`${tag}:entries`, '1'))!)).toEqual(entry('a1', 't1', 'card_1'));
    // Dropping it removes the number from every list and the JSON from the hash.
    expect((await store.dropAuditHead(['a1']))._unsafeUnwrap()).toBe(1);
    expect(await redis.hlen(`${tag}:entries`)).toBe(0);
    await emptyLists(redis, [`${tag}:log`, `${tag}:trace:t1`, `${tag}:card:card_1`]);
    await done();
  });

  it('reads and archives entries written the earlier way (a JSON copy in every list) next to new ones', async () => {
    const { store, redis, tag, done } = await openWithAdmin();
    // Two entries as the earlier version appended them.
    for (const old of [entry('old1', 't1', 'card_1'), entry('old2', 't2')]) {
      const json = JSON.stringify(old);
      await redis.rpush(`${tag}:log`, json);
      await redis.rpush(`${tag}:trace:${old.trace.traceId}`, json);
      if (old.cardId) await redis.rpush(`${tag}:card:${old.cardId}`, json);
    }
    await store.appendAudit(entry('new1', 't1', 'card_1'));
    const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);
    expect(ids((await store.listAuditHead(10))._unsafeUnwrap())).toEqual(['old1', 'old2', 'new1']);
    expect(ids((await store.listAudit({ traceId: 't1' as TraceId }))._unsafeUnwrap())).toEqual(['old1', 'new1']);
    expect(ids((await store.listAudit({ cardId: 'card_1' as CardId }))._unsafeUnwrap())).toEqual(['old1', 'new1']);
    expect((await store.listAudit({}))._unsafeUnwrap()[0]).toEqual(entry('old1', 't1', 'card_1'));
    expect((await store.dropAuditHead(['old1', 'old2', 'new1']))._unsafeUnwrap()).toBe(3);
    expect((await store.listAuditHead(10))._unsafeUnwrap()).toEqual([]);
    await emptyLists(redis, [`${tag}:log`, `${tag}:trace:t1`, `${tag}:trace:t2`, `${tag}:card:card_1`]);
    expect(await redis.hlen(`${tag}:entries`)).toBe(0);
    await done();
  });

  it('reports a list naming an entry that is gone as a corrupt store', async () => {
    const { store, redis, tag, done } = await openWithAdmin();
    await store.appendAudit(entry('a1', 't1'));
    await redis.hdel(`${tag}:entries`, '1');
    expect((await store.listAudit({}))._unsafeUnwrapErr()._tag).toBe('StoreCorrupt');
    await done();
  });
});
