import { initializeRedisEpoch, openRedisStateStore, type RedisStateStore } from '@caio/adapters-redis';
import type { Card, SendClaimRequest } from '@caio/core';
import { aCard, aClaim, aLead, AT, aTrace, ManualClock } from '@caio/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorCommands, ownRedisWithClients } from './redis-test-support.js';

// On a redis-server of its own, so the command counts hold this store's commands only.
let own: Awaited<ReturnType<typeof ownRedisWithClients>>;
let admin: Redis;
let markers: Redis;
let store: RedisStateStore;

beforeAll(async () => {
  own = await ownRedisWithClients(2);
  [admin, markers] = own.clients as [Redis, Redis];
  const target = { url: own.server.url, keyPrefix: 'round-trips' };
  (await initializeRedisEpoch(target, { witnessed: null }))._unsafeUnwrap();
  store = (await openRedisStateStore({ ...target, clock: new ManualClock(AT) }))._unsafeUnwrap();
}, 30_000);

afterAll(async () => {
  await store?.close();
  await own?.stop();
});

/** The commands clients sent while `work` ran, counted by name (commands a script runs inside left out). */
const commandsOf = async (work: () => Promise<unknown>): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const { name, source } of await monitorCommands(admin, markers, work)) if (source !== 'lua') counts[name] = (counts[name] ?? 0) + 1;
  return counts;
};

/** A queued card of a stored lead (so its person exists, as in production). */
const queued = async (id: string): Promise<Card> => {
  const lead = (await store.putLead(aLead(`lead_${id}`, { email: `${id}@example.com` }), null))._unsafeUnwrap();
  return (await store.putCard(aCard(id, lead, { status: 'queued' }), null))._unsafeUnwrap();
};

/** The commands of the claim and of the outcome of one send of `card` (its claim made with `overrides`). */
const claimAndSend = async (card: Card, outcome: 'sent' | 'failed', overrides: Partial<SendClaimRequest> = {}) => {
  const claim = await commandsOf(async () => (await store.claimSend(aClaim(card, overrides)))._unsafeUnwrap());
  const state = outcome === 'sent' ? ({ state: 'sent', receipt: { id: 'm1' } } as const) : ({ state: 'failed', reason: 'refused' } as const);
  const recorded = await commandsOf(async () => (await store.recordOutcome({ cardId: card.id, step: 0, attemptId: aClaim(card).attemptId, outcome: state, trace: aTrace() }))._unsafeUnwrap());
  return { claim, outcome: recorded };
};

describe('Redis send bookkeeping round trips', () => {
  it('claims with one script call after reading the person, and records the outcome with one script call and no other command', async () => {
    // The first call of a script on a fresh server loads it (EVALSHA, then EVAL): not counted.
    await claimAndSend(await queued('card_warm'), 'sent');
    const card = await queued('card_counted');
    // The claim names the card's lead, so the card is not read; the person is (its alias and
    // key set in the send slot, then its company domain and any pending merge in the leads
    // slot, one pipeline): reads only, and every write is the script's.
    expect(await claimAndSend(card, 'sent')).toEqual({ claim: { get: 2, smembers: 1, hmget: 1, evalsha: 1 }, outcome: { evalsha: 1 } });
    const entry = (await store.getLedgerEntry(card.id, 0))._unsafeUnwrap();
    expect(entry).toMatchObject({ state: 'sent', receipt: { id: 'm1' } });
  });

  it('claims with one script call and no read when the claim names the person as it is, as dispatch does', async () => {
    const card = await queued('card_named');
    const person = { root: card.leadId, keys: card.leadKeys, companyDomain: null };
    // Two round trips for the whole send: the claim's script and the outcome's.
    expect(await claimAndSend(card, 'sent', { person })).toEqual({ claim: { evalsha: 1 }, outcome: { evalsha: 1 } });
    expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()).toMatchObject({ state: 'sent', leadKeys: card.leadKeys });
  });

  it('reads the person and claims again when the named person is not the person any more', async () => {
    const card = await queued('card_stale');
    // The caller knew one of the person's two keys: the script refuses the assumption, and
    // the claim made on the person as read covers both.
    expect(card.leadKeys).toHaveLength(2);
    const stale = { root: card.leadId, keys: card.leadKeys.slice(0, 1), companyDomain: null };
    const { claim } = await claimAndSend(card, 'sent', { person: stale });
    expect(claim).toEqual({ evalsha: 2, get: 2, smembers: 1, hmget: 1 });
    expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()?.leadKeys).toEqual(card.leadKeys);
  });

  it('frees the first touch of a failed first step inside that one call', async () => {
    const card = await queued('card_failed');
    expect((await claimAndSend(card, 'failed')).outcome).toEqual({ evalsha: 1 });
    expect((await store.getFirstTouches(card.leadKeys))._unsafeUnwrap()).toEqual([]);
  });
});
