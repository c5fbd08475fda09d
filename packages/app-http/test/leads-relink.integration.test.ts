import { RedisKeys } from '@caio/adapters-redis';
import { type CardId, type IdentityKey, type LeadId } from '@caio/core';
import { aCard, aClaim, aLead } from '@caio/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, storeFingerprint, withCore } from './support/cli.js';
import { removeRedisPrefixes, TEST_REDIS_URL } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

// What the version before identity merges left behind: a bridging row merged into one
// lead, the other kept the shared key (and the identity index named only one of them).
const splitIdentity = () => ({
  both: aLead('lead_old', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed', lastName: 'Doe' }, '2026-01-01T00:00:00.000Z'),
  profile: aLead('lead_new', { email: null, linkedinUrl: 'linkedin.com/in/zed', lastName: 'D.', title: 'CTO' }, '2026-02-01T00:00:00.000Z'),
  other: aLead('lead_other', { email: 'amy@x.example', linkedinUrl: null }, '2026-02-01T00:00:00.000Z'),
});

describe.each(['file', 'redis'] as const)('caio leads relink (%s store)', (backend) => {
  it('lists split identities without changing anything, then merges them into the oldest lead', async () => {
    const env = await storeEnv(backend);
    const { both, profile, other } = splitIdentity();
    await withCore(env, async (core) => {
      for (const lead of [both, profile, other]) (await core.deps.store.putLead(lead, null))._unsafeUnwrap();
    });
    const before = await storeFingerprint(env);
    const dry = await caio(['leads', 'relink'], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/lead_old\s+lead_new\s+email:zed@zeta\.example linkedin:linkedin\.com\/in\/zed/);
    expect(dry.out).toContain('1 person(s) split over several leads (3 lead(s) examined); dry run: nothing changed');
    expect(await storeFingerprint(env)).toEqual(before);

    expect((await caio(['leads', 'relink', '--apply'], env)).out).toContain('1 person(s) relinked: 1 lead(s) merged');
    await withCore(env, async (core) => {
      const { store } = core.deps;
      expect((await store.getLead('lead_new' as LeadId))._unsafeUnwrap()).toMatchObject({ id: 'lead_old', lastName: 'Doe', title: 'CTO' });
      expect((await store.listLeads({}))._unsafeUnwrap().items.map((l) => l.id)).toEqual(['lead_old', 'lead_other']);
      expect((await store.listAudit({ leadId: 'lead_old' as LeadId }))._unsafeUnwrap().map((a) => a.action)).toContain('lead.relinked');
    });
    expect((await caio(['leads', 'relink'], env)).out).toContain('0 person(s) split');
  });
});

describe('a Redis store written before persons existed', () => {
  it('is converted when it opens: the claim decides on each lead\'s full key set', async () => {
    const env = await storeEnv('redis');
    const lead = aLead('lead_z', { email: 'zed@zeta.example', linkedinUrl: 'linkedin.com/in/zed' });
    await withCore(env, async (core) => {
      (await core.deps.store.putLead(lead, null))._unsafeUnwrap();
      // The profile was first touched by a HeyReach card (as the previous version recorded it: that key only).
      (await core.deps.store.importRecords([{ kind: 'first_touch', value: { identityKey: 'linkedin:linkedin.com/in/zed' as IdentityKey, cardId: 'card_hr' as CardId, channel: 'heyreach', at: lead.createdAt } }]))._unsafeUnwrap();
    });
    // Remove what this version adds, as the previous version never wrote it.
    const keys = new RedisKeys(env.REDIS_KEY_PREFIX!);
    const redis = new Redis(TEST_REDIS_URL);
    await redis.del(keys.person('lead_z'), keys.personsBuilt());
    redis.disconnect();
    await withCore(env, async (core) => {
      // A GHL card crafted when only the e-mail was known.
      const ghl = { ...aCard('card_ghl', lead, { leadKeys: ['email:zed@zeta.example' as IdentityKey] }), status: 'queued' as const };
      (await core.deps.store.putCard(ghl, null))._unsafeUnwrap();
      expect((await core.deps.store.claimSend(aClaim(ghl)))._unsafeUnwrapErr()).toMatchObject({ reason: 'channel_locked' });
      expect((await core.deps.store.getCard('card_ghl' as CardId))._unsafeUnwrap()?.status).toBe('queued');
    });
  });
});
