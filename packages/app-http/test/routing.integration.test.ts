import { aLead } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caio, fileStoreEnv, withCore } from './support/cli.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const put = (rules: unknown[]) => t.app.inject({ method: 'PUT', url: '/api/routing', headers: { ...auth }, payload: { rules } });

describe('routing rules API', () => {
  it('keeps rules whose campaigns the provider lists, lists them with the campaigns, audits the change', async () => {
    const rules = [
      { sourceLabel: 'wpromote', tier: 'tier_1', channel: 'instantly', campaignId: 'cmp-mapped' },
      { sourceLabel: '*', tier: '*', channel: 'ghl_email' },
    ];
    expect((await put(rules)).json()).toEqual({ rules });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/routing', headers: auth })).json();
    expect(listed).toEqual({ rules, campaigns: { instantly: ['cmp-mapped'], heyreach: ['4242'] } });
    const audit = (await t.store.listAudit({ limit: 10 }))._unsafeUnwrap().filter((e) => e.action === 'routing.rules_set');
    expect(audit[0]).toMatchObject({ trace: { actor: 'user:admin' }, detail: { before: [], after: rules } });
  });

  it('refuses an unlisted campaign, a missing one, a duplicate and a bad channel, changing nothing', async () => {
    expect((await put([{ sourceLabel: 'a', tier: 'tier_1', channel: 'instantly', campaignId: 'cmp-nope' }])).json().message).toContain('cmp-nope is not a campaign instantly lists');
    expect((await put([{ sourceLabel: 'a', tier: '*', channel: 'heyreach' }])).json().message).toContain('heyreach needs a campaign');
    const twice = { sourceLabel: 'a', tier: '*', channel: 'ghl_email' };
    expect((await put([twice, twice])).json().message).toContain('a second rule for label a and tier *');
    expect((await put([{ sourceLabel: 'a', tier: '*', channel: 'fax' }])).statusCode).toBe(400);
    expect((await t.store.getControls())._unsafeUnwrap().routing).toBeUndefined();
  });
});

describe('caio routing and pipeline run with rules', () => {
  it('crafts each lead on its rule, never queues an unlisted campaign, and sets and lists rules', async () => {
    const env = fileStoreEnv();
    const campaign = await withCore(env, async ({ deps }) => {
      for (const lead of [aLead('lead_t1', { sourceLabel: 'route' }), aLead('lead_t2', { sourceLabel: 'route', tier: 'tier_2' })]) await deps.store.putLead(lead, null);
      return [...(deps.campaigns().instantly ?? [])][0]!;
    });
    expect((await caio(['routing', 'set', '--rule', 'route:1=instantly:cmp-nope'], env)).err).toContain('cmp-nope is not a campaign instantly lists');
    const set = await caio(['routing', 'set', '--rule', `route:1=instantly:${campaign}`, '--rule', '*:*=ghl_email'], env);
    expect(set.code, set.err).toBe(0);
    expect((await caio(['routing', 'list'], env)).out).toMatch(new RegExp(`route +tier_1 +instantly +${campaign}`));
    expect((await caio(['pipeline', 'run', '--source', 'route', '--limit', '5'], env)).out).toContain('2 card(s) queued for review');
    const cards = await withCore(env, async ({ deps }) => (await deps.store.listQueue({}))._unsafeUnwrap().items.map((c) => [c.leadId, c.channel, c.campaignId ?? null]).sort());
    expect(cards).toEqual([
      ['lead_t1', 'instantly', campaign],
      ['lead_t2', 'ghl_email', null],
    ]);
    await withCore(env, async ({ deps }) => void (await deps.store.putLead(aLead('lead_t3', { sourceLabel: 'route' }), null)));
    const unlisted = await caio(['pipeline', 'run', '--source', 'route', '--limit', '5', '--channel', 'instantly', '--campaign', 'cmp-nope'], env);
    expect(unlisted.out).toMatch(/lead_t3 +held back +campaign cmp-nope is not one instantly lists/);
    expect(unlisted.out).toContain('0 card(s) queued');
    expect((await caio(['routing', 'set', '--rule', 'nonsense'], env)).code).toBe(2);
  });
});
