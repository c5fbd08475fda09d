import { applyDomainEvent, approveCard, createCard, qualityPassed, type CardId, type EventId, type IdentityKey, type LeadId, type TraceId } from '@caio/core';
import { Redis } from 'ioredis';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { removeRedisPrefixes, TEST_REDIS_URL } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

const KEY = 'erasure-test-secret-0123456789abcdef0123';
// Everything personal about the erased person; none of it may remain in clear (any case).
const PERSONAL = /zed@zeta\.example|zed-zetterberg|zetterberg|\bzed\b/i;

const filesText = (dir: string): string =>
  readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? filesText(path) : `${path}\n${readFileSync(path, 'latin1')}`))
    .join('\n');

/** Every key name and every value of a tenant, as text. */
const keyspaceText = async (prefix: string): Promise<string> => {
  const redis = new Redis(TEST_REDIS_URL);
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      out.push(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(...(await redis.smembers(key)));
      else if (type === 'zset') out.push(...(await redis.zrange(key, 0, -1)));
    }
  } while (cursor !== '0');
  redis.disconnect();
  return out.join('\n');
};

describe.each(['file', 'redis'] as const)('caio leads erase (%s store)', (backend) => {
  it("removes the person's e-mail, LinkedIn and name from every record, keeps the history, and refuses a re-import", async () => {
    const env = await storeEnv(backend, { ERASURE_HASH_KEY: KEY });
    const csv = join(env.STATE_DIR!, '..', `erase-${process.pid}-${Date.now()}.csv`);
    writeFileSync(csv, 'email,linkedin_url,first_name,last_name,company,tier,tech\nzed@zeta.example,https://www.linkedin.com/in/zed-zetterberg/,Zed,Zetterberg,Zeta,1,6sense\namy@other.example,,Amy,Other,Other,1,6sense\n');
    expect((await caio(['leads', 'import', csv, '--source-label', 'gdpr'], env)).out).toContain('2 lead(s) created');

    const leadId = await withCore(env, async (core) => {
      const { store, clock } = core.deps;
      const at = clock.now().toISOString();
      const trace = { traceId: 'trace_gdpr' as TraceId, actor: 'reviewer', at, origin: 'test' as const };
      const controls = (await store.getControls())._unsafeUnwrap();
      await store.putControls({ ...controls, sendWindowOverride: true, version: controls.version + 1 }, controls.version);
      const zed = (await store.findLeadsByKeys(['email:zed@zeta.example' as IdentityKey]))._unsafeUnwrap()[0]!;
      const card = (channel: 'ghl_email' | 'heyreach', id: string) =>
        createCard(id as CardId, { leadId: zed.id, leadKeys: channel === 'ghl_email' ? ['email:zed@zeta.example' as IdentityKey] : ['linkedin:linkedin.com/in/zed-zetterberg' as IdentityKey], tier: 'tier_1', channel, ...(channel === 'heyreach' ? { campaignId: '4242' } : { subject: 'Hi Zed' }), body: 'Zed, noticed Zeta uses 6sense.', opener: 'Noticed Zeta uses 6sense.', personalization: { first_name: 'Zed' } }, qualityPassed, at)._unsafeUnwrap();
      await store.putCard(card('ghl_email', 'card_sent'), null);
      await store.putCard(card('heyreach', 'card_unsent'), null);
      expect((await approveCard(core.deps, { cardId: 'card_sent' as CardId, trace }))._unsafeUnwrap().send?._tag).toBe('Sent');
      // A webhook about them (as the provider spelled it), a quarantined body, a cadence stop.
      await store.recordInboxEvent({ eventId: 'evt_zed' as EventId, provider: 'instantly', receivedAt: at, expiresAt: '2099-01-01T00:00:00.000Z', payload: { lead: { email: 'Zed@Zeta.example', linkedinUrl: 'https://uk.linkedin.com/in/Zed-Zetterberg' }, firstName: 'Zed' } });
      await store.quarantine({ id: 'q_zed', provider: 'rb2b', receivedAt: at, reason: 'bad shape', body: '{"email":"ZED@zeta.example","name":"Zed Zetterberg"}' });
      await store.addCadenceStop({ identityKey: 'email:zed@zeta.example' as IdentityKey, reason: 'replied', at });
      await store.addSuppression({ target: 'email:zed@zeta.example' as IdentityKey, reason: 'unsubscribed', source: 'instantly:evt_zed', at });
      return zed.id;
    });

    const auditBefore = await withCore(env, async (core) => (await core.deps.store.listAudit({ limit: 1000 }))._unsafeUnwrap().length);
    expect(await caio(['leads', 'erase', 'zed@zeta.example', '--reason', 'DSR-2026-014'], env)).toMatchObject({ code: 1, err: expect.stringContaining('not confirmed; nothing changed') });
    const erased = await caio(['leads', 'erase', 'https://www.linkedin.com/in/ZED-ZETTERBERG', '--reason', 'DSR-2026-014', '--yes'], env);
    expect(erased.code).toBe(0);
    expect(erased.out).toContain(`erased ${leadId}: 1 lead(s), 1 unsent card(s) deleted, 1 sent card(s) redacted`);

    const exported = await withCore(env, async (core) => {
      const { store } = core.deps;
      expect((await store.getLead(leadId as LeadId))._unsafeUnwrap()).toBeNull();
      expect((await store.getCard('card_unsent' as CardId))._unsafeUnwrap()).toBeNull();
      expect((await store.getCard('card_sent' as CardId))._unsafeUnwrap()).toMatchObject({ status: 'sent' });
      expect((await store.findLeadsByKeys(['email:amy@other.example' as IdentityKey]))._unsafeUnwrap()).toHaveLength(1);
      const audit = (await store.listAudit({ limit: 1000 }))._unsafeUnwrap();
      expect(audit.length).toBeGreaterThan(auditBefore); // kept, plus the erasure's own entry
      expect(audit.find((a) => a.action === 'lead.erased')).toMatchObject({ leadId, detail: { reason: 'DSR-2026-014' } });
      return JSON.stringify([(await store.exportRecords())._unsafeUnwrap(), audit, (await store.listQuarantine(100))._unsafeUnwrap(), (await store.listSuppressions({ limit: 1000 }))._unsafeUnwrap()]);
    });
    expect(exported).not.toMatch(PERSONAL);
    expect(exported).toContain('Amy');
    expect(exported).toContain('[erased:');
    if (backend === 'file') expect(filesText(env.STATE_DIR!)).not.toMatch(PERSONAL);
    else expect(await keyspaceText(env.REDIS_KEY_PREFIX!)).not.toMatch(PERSONAL);

    // They come back in a file or a webhook: suppressed, not re-created.
    const again = await caio(['leads', 'import', csv, '--source-label', 'gdpr'], env);
    expect(again.out).toContain('0 lead(s) created, 1 merged, 1 refused');
    expect(again.out).toContain('row 1: this person was erased on request');
    await withCore(env, async (core) => {
      const trace = { traceId: 'trace_webhook' as TraceId, actor: 'clay', at: core.deps.clock.now().toISOString(), origin: 'webhook' as const };
      const applied = (await applyDomainEvent(core.deps, { type: 'LeadEnriched', eventId: 'evt_back' as EventId, provider: 'clay', occurredAt: trace.at, lead: { linkedinUrl: 'linkedin.com/in/zed-zetterberg', source: 'clay', sourceLabel: 'gdpr', tier: 'tier_1' } }, trace))._unsafeUnwrap();
      expect(applied).toMatchObject({ action: 'webhook.erased_person' });
      expect((await core.deps.store.listLeads({}))._unsafeUnwrap().items).toHaveLength(1);
    });
  });
});

describe('caio leads erase: bad input', () => {
  it('needs the hash key, a reason, and a lead that exists; each error changes nothing', async () => {
    const noKey = await storeEnv('file');
    expect(await caio(['leads', 'erase', 'zed@zeta.example', '--reason', 'DSR', '--yes'], noKey)).toMatchObject({ code: 2, err: expect.stringContaining('ERASURE_HASH_KEY') });
    const env = await storeEnv('file', { ERASURE_HASH_KEY: KEY });
    expect((await caio(['leads', 'erase', 'zed@zeta.example', '--yes'], env)).code).toBe(2);
    expect(await caio(['leads', 'erase', 'lead_nobody', '--reason', 'DSR', '--yes'], env)).toMatchObject({ code: 1, err: 'no lead lead_nobody; nothing changed\n' });
  });
});
