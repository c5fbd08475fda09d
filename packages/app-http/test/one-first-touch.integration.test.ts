import { approveCard, createBatch, executeBatch, type Card, type TraceId } from '@caio/core';
import { FakeGhl, FakeHeyReach } from '@caio/testkit';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

// Issue 14's scenario, as a new user runs it: Clay and RB2B data about one person arrive
// separately, each gets a card on its own channel, then a row bridges them.
let ghl: FakeGhl;
let heyreach: FakeHeyReach;
beforeAll(async () => {
  [ghl, heyreach] = await Promise.all([new FakeGhl().start(), new FakeHeyReach().start()]);
});
afterAll(async () => {
  await Promise.all([ghl.stop(), heyreach.stop()]);
  await removeRedisPrefixes(redisPrefixes);
});

const heyreachEnrolments = (): number => [...heyreach.campaigns.values()].reduce((n, c) => n + c.profiles.size, 0);

describe.each(['file', 'redis'] as const)('one person, one first touch (%s store)', (backend) => {
  it('sends exactly one first touch after a row bridges an e-mail-only and a LinkedIn-only lead', async () => {
    const env = await storeEnv(backend, { ...liveProviderEnv({ ghl, heyreach }), SEND_CHANNELS: 'ghl_email,heyreach', WEBHOOK_SIGNATURE_REQUIRED: 'false', DASHBOARD_AUTH_TOKEN: 'scenario-dashboard-token-0123456789abcdef' });
    const csv = (name: string, body: string) => {
      const path = join(env.STATE_DIR!, '..', `${name}-${process.pid}-${Date.now()}.csv`);
      writeFileSync(path, `email,linkedin_url,first_name,last_name,company,tier,tech\n${body}\n`);
      return path;
    };
    const ghlBefore = ghl.messages.size;
    const heyreachBefore = heyreachEnrolments();
    await withCore(env, async (core) => {
      const controls = (await core.deps.store.getControls())._unsafeUnwrap();
      await core.deps.store.putControls({ ...controls, sendWindowOverride: true, version: controls.version + 1 }, controls.version);
    });

    // 1. An e-mail-only row, crafted for GHL.
    expect((await caio(['leads', 'import', csv('email', 'zed@zeta.example,,Zed,Doe,Zeta,1,6sense'), '--source-label', 'zeta'], env)).out).toContain('1 lead(s) created');
    expect((await caio(['pipeline', 'run', '--source', 'zeta', '--limit', '5', '--channel', 'ghl_email'], env)).out).toContain('1 card(s) queued');
    // 2. A LinkedIn-only row, crafted for HeyReach on a mapped campaign.
    expect((await caio(['leads', 'import', csv('linkedin', ',https://www.linkedin.com/in/zed-zeta/,Zed,D.,Zeta,1,6sense'), '--source-label', 'zeta'], env)).out).toContain('1 lead(s) created');
    expect((await caio(['pipeline', 'run', '--source', 'zeta', '--limit', '5', '--channel', 'heyreach', '--campaign', '4242'], env)).out).toContain('1 card(s) queued');
    // 3. A row with both keys: the two leads are one person now.
    const bridged = await caio(['leads', 'import', csv('both', 'ZED@zeta.example,linkedin.com/in/Zed-Zeta,Zed,D.,Zeta,1,6sense'), '--source-label', 'zeta'], env);
    expect(bridged.out).toContain('0 lead(s) created, 1 merged');
    expect(bridged.out).toContain('1 existing lead(s) joined');

    // 4. Approve both cards (the GHL first touch is sent on approval), snapshot a batch, execute it.
    const outcome = await withCore(env, async (core) => {
      const trace = { traceId: 'trace_scenario' as TraceId, actor: 'reviewer', at: core.deps.clock.now().toISOString(), origin: 'test' as const };
      const cards = (await core.deps.store.listCards({ status: 'pending', limit: 10 }))._unsafeUnwrap().items;
      expect(cards.map((c: Card) => c.channel).sort()).toEqual(['ghl_email', 'heyreach']);
      const leads = (await core.deps.store.listLeads({}))._unsafeUnwrap().items;
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({ lastName: 'Doe' });
      // Both cards belong to the survivor, whichever lead each was crafted for.
      expect((await core.deps.store.listCards({ leadId: leads[0]!.id }))._unsafeUnwrap().items).toHaveLength(2);
      const approvals = [];
      for (const card of [...cards].sort((a) => (a.channel === 'ghl_email' ? -1 : 1))) approvals.push((await approveCard(core.deps, { cardId: card.id, trace }))._unsafeUnwrap());
      expect(approvals[0]!.send?._tag).toBe('Sent');
      // GHL's contact id for the person is one of their keys now.
      const survivor = (await core.deps.store.getLead(leads[0]!.id))._unsafeUnwrap()!;
      expect(survivor.otherKeys?.some((k) => k.startsWith('ghl:'))).toBe(true);
      const batch = (await createBatch(core.deps, { trace }))._unsafeUnwrap();
      return (await executeBatch(core.deps, { batchId: batch.id, dryRun: false, trace }))._unsafeUnwrap();
    });

    expect(ghl.messages.size - ghlBefore + (heyreachEnrolments() - heyreachBefore)).toBe(1);
    expect(ghl.messages.size - ghlBefore).toBe(1);
    // The HeyReach card is denied by a named rule the reviewer sees.
    expect(outcome.outcomes).toEqual([expect.objectContaining({ result: 'denied', detail: expect.stringMatching(/channel_exclusivity|already_first_touched/) })]);
  });
});
