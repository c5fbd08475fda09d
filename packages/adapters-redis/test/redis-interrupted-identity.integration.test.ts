import { createRedisClient, type RedisClient, type RedisStateStore } from '@caio/adapters-redis';
import { leadKeys, planErasure, planLeadMerge, type Card, type IdentityKey, type Lead, type LeadMergeRequest } from '@caio/core';
import { aCard, aClaim, aLead, AT, ManualClock } from '@caio/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisErasure } from '../src/redis-erasure.js';
import { RedisIdentity } from '../src/redis-identity.js';
import { announceMerge, encodeIntent, STALE_ANNOUNCEMENT_MS } from '../src/redis-merge-intents.js';
import { openTestStore, REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

/**
 * A crash between the steps of a merge or an erasure on Redis, made exact: a test seam runs
 * step one only (what the store does first, in one script or MULTI), as a process killed
 * right after it would leave things. Then a reader meets it, or the store restarts, and the
 * result must be what the whole operation gives on a store where it ran to the end.
 */
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await removePrefix(p);
});

const LATER = '2026-03-02T21:00:00.000Z';
const clock = () => new ManualClock(AT);
const open = async (prefix?: string): Promise<RedisStateStore> => {
  const store = await openTestStore(clock(), prefix ? { keyPrefix: prefix } : {});
  if (!prefix) prefixes.push(store.keys.prefix);
  return store;
};
const client = async (): Promise<RedisClient> => {
  const redis = createRedisClient({ url: REDIS_URL });
  await redis.connect();
  return redis;
};

/** Zed known by e-mail (older) and by profile, each with a queued card; the bridging record's merge. */
const splitPerson = async (store: RedisStateStore): Promise<{ cards: Card[]; request: LeadMergeRequest; email: Lead; profile: Lead }> => {
  const email = (await store.putLead(aLead('lead_email', { email: 'zed@zeta.example', linkedinUrl: null }), null))._unsafeUnwrap();
  const profile = (await store.putLead(aLead('lead_profile', { email: null, linkedinUrl: 'linkedin.com/in/zed-zeta' }, LATER), null))._unsafeUnwrap();
  const cards = [
    (await store.putCard({ ...aCard('card_ghl', email), status: 'queued' }, null))._unsafeUnwrap(),
    (await store.putCard({ ...aCard('card_hr', profile, { channel: 'heyreach', campaignId: 'c1' }), status: 'queued' }, null))._unsafeUnwrap(),
  ];
  const plan = planLeadMerge(aLead('bridge', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed-zeta' }, LATER), [email, profile], LATER);
  return { cards, email, profile, request: { lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) } };
};

/** Step one of a merge only: its announcement in the send slot, then the leads slot's script (records and intent), as a crash right after it leaves them. */
const mergeStepOne = async (store: RedisStateStore, request: LeadMergeRequest, current: Lead, absorbed: Lead[]): Promise<void> => {
  const redis = await client();
  const ids = [request.lead.id, ...request.absorbed.map((a) => a.id)];
  const announced = await announceMerge(redis, store.keys, ids, Date.parse(AT));
  const written = await new RedisIdentity(redis, store.keys).writeLeads(request, current, absorbed, encodeIntent({ survivor: request.lead.id, absorbed: request.absorbed.map((a) => a.id), keys: leadKeys(request.lead), announced }));
  expect(written).toMatchObject({ id: 'lead_email' });
  await redis.quit();
};

const exported = async (store: RedisStateStore): Promise<string> => JSON.stringify((await store.exportRecords())._unsafeUnwrap());

describe('Redis: a merge interrupted between its two slots', () => {
  it('is completed by the next start: the same records as a merge that ran to the end, nothing left pending', async () => {
    const reference = await open();
    const whole = await splitPerson(reference);
    (await reference.saveMergedLead(whole.request))._unsafeUnwrap();

    const store = await open();
    const { request, email, profile } = await splitPerson(store);
    await mergeStepOne(store, request, email, [profile]);
    const redis = await client();
    expect(await redis.hlen(store.keys.mergesPending())).toBe(2);
    // The send slot does not know yet: the absorbed lead has no alias there.
    expect(await redis.exists(store.keys.alias('lead_profile'))).toBe(0);
    await store.close();

    const restarted = await open(store.keys.prefix);
    expect(await redis.hlen(restarted.keys.mergesPending())).toBe(0);
    expect(await exported(restarted)).toBe(await exported(reference));
    expect((await restarted.getLead('lead_profile' as never))._unsafeUnwrap()?.id).toBe('lead_email');
    expect(await redis.smembers(restarted.keys.person('lead_email'))).toEqual(expect.arrayContaining(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']));
    redis.disconnect();
    await restarted.close();
    await reference.close();
  });

  it('is completed by the first reader that meets it: a claim decides on the merged person, an absorbed id resolves', async () => {
    const store = await open();
    const { request, email, profile, cards } = await splitPerson(store);
    await mergeStepOne(store, request, email, [profile]);
    // The survivor's card claims first (and applies the merge); the absorbed lead's card is then the same person's second first touch.
    expect((await store.claimSend(aClaim(cards[0]!)))._unsafeUnwrap().leadKeys).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']);
    expect((await store.claimSend(aClaim(cards[1]!)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'channel_locked' });
    expect((await store.getLead('lead_profile' as never))._unsafeUnwrap()?.id).toBe('lead_email');
    const redis = await client();
    expect(await redis.hlen(store.keys.mergesPending())).toBe(0);
    redis.disconnect();
    await store.close();
  });

  it('is met by a claim for the absorbed lead\'s card too, and by a read of the absorbed id alone', async () => {
    const store = await open();
    const { request, email, profile } = await splitPerson(store);
    await mergeStepOne(store, request, email, [profile]);
    expect((await store.getLead('lead_profile' as never))._unsafeUnwrap()?.id).toBe('lead_email');
    const redis = await client();
    expect(await redis.exists(store.keys.alias('lead_profile'))).toBe(1);
    redis.disconnect();
    const other = await open();
    const second = await splitPerson(other);
    await mergeStepOne(other, second.request, second.email, [second.profile]);
    expect((await other.claimSend(aClaim(second.cards[1]!)))._unsafeUnwrap().leadKeys).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']);
    expect((await other.claimSend(aClaim(second.cards[0]!)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'channel_locked' });
    await store.close();
    await other.close();
  });
});

describe('Redis: a claim that names its person, as dispatch does (one round trip)', () => {
  /** The person as dispatch read it for the policy, before the merge: the lead's own keys. */
  const namedBefore = (lead: Lead) => ({ person: { root: lead.id, keys: leadKeys(lead), companyDomain: null } });
  const announcements = async (store: RedisStateStore, ids: string[]): Promise<number> => {
    const redis = await client();
    const counts = await Promise.all(ids.map((id) => redis.scard(store.keys.mergeAnnounced(id))));
    redis.disconnect();
    return counts.reduce((a, b) => a + b, 0);
  };

  it('is not made past a merge a crash left decided in the leads slot only: the announcement sends it to read the leads slot first', async () => {
    const store = await open();
    const { request, email, profile, cards } = await splitPerson(store);
    await mergeStepOne(store, request, email, [profile]);
    // Each card names its lead's person as it was: without the announcement both would pass (two first touches of Zed).
    expect((await store.claimSend(aClaim(cards[1]!, namedBefore(profile))))._unsafeUnwrap().leadKeys).toEqual(['email:zed@zeta.example', 'linkedin:linkedin.com/in/zed-zeta']);
    expect((await store.claimSend(aClaim(cards[0]!, namedBefore(email))))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'channel_locked' });
    // Applying the merge withdrew its announcement.
    expect(await announcements(store, ['lead_email', 'lead_profile'])).toBe(0);
    await store.close();
  });

  it('a merge that runs to the end, or is refused for a stale version, leaves no announcement', async () => {
    const store = await open();
    const { request } = await splitPerson(store);
    expect((await store.saveMergedLead({ ...request, expectedVersion: 99 }))._unsafeUnwrapErr()).toMatchObject({ _tag: 'VersionConflict' });
    expect(await announcements(store, ['lead_email', 'lead_profile'])).toBe(0);
    (await store.saveMergedLead(request))._unsafeUnwrap();
    expect(await announcements(store, ['lead_email', 'lead_profile'])).toBe(0);
    await store.close();
  });

  it('an announcement with no merge decided behind it only slows the claim; once stale, the claim that meets it removes it', async () => {
    const store = await open();
    const { email, profile, cards } = await splitPerson(store);
    const redis = await client();
    // A merge that stopped before deciding (crashed after announcing), long ago; and one just announced, still running.
    const old = await announceMerge(redis, store.keys, ['lead_email'], Date.parse(AT) - STALE_ANNOUNCEMENT_MS - 1);
    const live = await announceMerge(redis, store.keys, ['lead_profile'], Date.parse(AT));
    expect((await store.claimSend(aClaim(cards[0]!, namedBefore(email))))._unsafeUnwrap().leadKeys).toEqual(['email:zed@zeta.example']);
    expect(await redis.smembers(store.keys.mergeAnnounced('lead_email'))).not.toContain(old);
    expect((await store.claimSend(aClaim(cards[1]!, namedBefore(profile))))._unsafeUnwrap().leadKeys).toEqual(['linkedin:linkedin.com/in/zed-zeta']);
    expect(await redis.smembers(store.keys.mergeAnnounced('lead_profile'))).toEqual([live]);
    redis.disconnect();
    await store.close();
  });
});

describe('Redis: an erasure interrupted after its first step', () => {
  const SECRET = 'an-erasure-secret-for-tests';

  const seeded = async (store: RedisStateStore) => {
    const lead = (await store.putLead(aLead('lead_zed', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed-zeta', firstName: 'Zedekiah', lastName: 'Zetterberg' }), null))._unsafeUnwrap();
    const sent = (await store.putCard({ ...aCard('card_sent', lead), status: 'queued' }, null))._unsafeUnwrap();
    const entry = (await store.claimSend(aClaim(sent)))._unsafeUnwrap();
    (await store.recordOutcome({ cardId: sent.id, step: 0, attemptId: entry.attemptId, outcome: { state: 'sent', receipt: { contactId: 'Cx9' } }, trace: aClaim(sent).trace }))._unsafeUnwrap();
    const queued = (await store.putCard({ ...aCard('card_next', lead, { step: 1 }), status: 'queued' }, null))._unsafeUnwrap();
    await store.addSuppression({ target: 'domain:other.example', reason: 'manual', source: 'operator', at: AT });
    return { lead, queued, plan: planErasure(SECRET, { lead, aliases: [], keys: [] }, 'DSR-1', LATER) };
  };

  it('blocks the person at once, and the next start completes it: the same records as an erasure that ran to the end, nothing in clear', async () => {
    const reference = await open();
    const whole = await seeded(reference);
    (await reference.erasePerson(whole.plan))._unsafeUnwrap();

    const store = await open();
    const { plan, queued } = await seeded(store);
    const redis = await client();
    await new RedisErasure(redis, store.keys, async () => [], async () => []).begin(plan);
    // Killed here: tombstones and the block are in place, so nothing is sent to the person meanwhile.
    expect((await store.claimSend(aClaim(queued)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'suppressed' });
    expect(await redis.hlen(store.keys.erasuresPending())).toBe(1);
    await store.close();

    const restarted = await open(store.keys.prefix);
    expect(await redis.hlen(restarted.keys.erasuresPending())).toBe(0);
    expect(await exported(restarted)).toBe(await exported(reference));
    const keys = await redis.keys(`{${restarted.keys.prefix}:*`);
    for (const key of keys) {
      const type = await redis.type(key);
      const dump = type === 'string' ? await redis.get(key) : type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1)) : type === 'set' ? JSON.stringify(await redis.smembers(key)) : JSON.stringify(await redis.zrange(key, 0, -1));
      expect(`${key} ${dump}`.toLowerCase()).not.toMatch(/zed@zeta|zed-zeta|zedekiah|zetterberg/);
    }
    expect((await restarted.findLeadsByKeys(['email:zed@zeta.example' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
    redis.disconnect();
    await restarted.close();
    await reference.close();
  });

  it('finishes a merge of the person a crash left half applied before erasing them, so no part of it outlives the erasure', async () => {
    const store = await open();
    const { request, email, profile } = await splitPerson(store);
    await mergeStepOne(store, request, email, [profile]);
    const survivor = (await store.getLead('lead_email' as never))._unsafeUnwrap()!;
    (await store.erasePerson(planErasure(SECRET, { lead: survivor, aliases: ['lead_profile' as never], keys: [] }, 'DSR-2', LATER)))._unsafeUnwrap();
    const redis = await client();
    expect(await redis.hlen(store.keys.mergesPending())).toBe(0);
    expect(await redis.exists(store.keys.person('lead_email'), store.keys.person('lead_profile'), store.keys.alias('lead_profile'))).toBe(0);
    expect((await store.findLeadsByKeys(['linkedin:linkedin.com/in/zed-zeta' as IdentityKey]))._unsafeUnwrap()).toEqual([]);
    redis.disconnect();
    await store.close();
  });
});
