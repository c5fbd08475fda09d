import type { Lead } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { periodicWork } from '../src/jobs/periodic-work.js';
import { auth, startTestApp, webhooksApplied, type TestApp } from './support/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t.jobs.close();
  await t.app.close();
});

const HOUR = 3_600_000;
const MINUTE = 60_000;

const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
  const response = await t.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.json() };
};

const newLead = async (id: string, tier: Lead['tier'] = 'tier_1'): Promise<Lead> => (await t.store.putLead(aLead(id, { tier }), null))._unsafeUnwrap();

const audits = async (action: string) => (await t.store.listAudit({ limit: 10_000 }))._unsafeUnwrap().filter((a) => a.action === action);

describe('the autonomy lifecycle, on a manual clock', () => {
  it('clean supervised days -> GO -> enable -> autonomous approvals after the hold -> ramped sends inside the window -> a bounce spike falls back', async () => {
    // 2026-03-02 20:30Z is 15:30 in New York: inside the default 15:00-17:00 window.
    t = await startTestApp({ STATE_BACKEND: 'redis', SEND_RAMP: '1,2,3,4', AUTONOMY_REVIEW_DELAY_MINUTES: '30' }, { replayPassRate: 1 });

    // Three supervised days, one human-approved GHL first touch each, sent at approval.
    for (let day = 1; day <= 3; day++) {
      const lead = await newLead(`sup_${day}`);
      await t.store.putCard(aCard(`card_sup_${day}`, lead, {}, t.clock.now().toISOString()), null);
      const approved = await api('POST', `/api/cards/card_sup_${day}/approve`, {});
      expect(approved.body.send).toMatchObject({ result: 'sent' });
      await t.jobs.tick('clean-day-accounting');
      if (day === 2) {
        // Two clean days are not enough: enabling is refused, and the refusal keeps the evidence.
        const refused = await api('POST', '/api/autonomy', { enabled: true, reason: 'trying early' });
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ error: 'AutonomyNotReady' });
        expect((await audits('autonomy.enable_refused'))[0]?.detail).toMatchObject({ go: false });
      }
      t.clock.advance(24 * HOUR);
    }
    expect(t.channels.ghl_email.calls).toHaveLength(3);

    // Day 4, 11:00 in New York (outside the window).
    t.clock.advance(-(4 * HOUR + 30 * MINUTE));
    const readiness = await api('GET', '/api/autonomy/readiness');
    expect(readiness.body.go).toBe(true);
    const enabled = await api('POST', '/api/autonomy', { enabled: true, reason: 'three clean days, GO' });
    expect(enabled).toMatchObject({ status: 200, body: { mode: 'autonomous' } });
    const evidence = (await audits('autonomy.enabled'))[0]!;
    expect(evidence.detail).toMatchObject({ go: true, reason: 'three clean days, GO' });
    expect((evidence.detail as { criteria: unknown[] }).criteria).toHaveLength(6);

    // Six clean tier-1 Instantly cards, one with a gate finding, one tier 2.
    const at = t.clock.now().toISOString();
    for (let i = 1; i <= 6; i++) await t.store.putCard(aCard(`card_auto_${i}`, await newLead(`auto_${i}`), { channel: 'instantly', campaignId: 'cmp-mapped' }, at), null);
    await t.store.putCard(aCard('card_flagged', await newLead('flagged'), { channel: 'instantly', campaignId: 'cmp-mapped', quality: { passed: false, hits: [{ check: 'weak_opener', field: 'opener', detail: 'generic' }] } }, at), null);
    await t.store.putCard(aCard('card_tier2', await newLead('tier2', 'tier_2'), { channel: 'instantly', campaignId: 'cmp-mapped' }, at), null);

    // Inside the hold nothing is approved; after it, the six clean tier-1 cards are.
    await t.jobs.tick('autonomy-tick');
    expect((await t.store.listCards({ status: 'approved' }))._unsafeUnwrap().items).toHaveLength(0);
    t.clock.advance(31 * MINUTE);
    await t.jobs.tick('autonomy-tick');
    const approved = (await t.store.listCards({ status: 'approved' }))._unsafeUnwrap().items;
    expect(approved.map((c) => c.id).sort()).toEqual(['card_auto_1', 'card_auto_2', 'card_auto_3', 'card_auto_4', 'card_auto_5', 'card_auto_6']);
    expect(approved.every((c) => c.approvedBy === 'system:autonomy')).toBe(true);
    expect((await t.store.getCard('card_flagged' as never))._unsafeUnwrap()?.status).toBe('pending');
    expect((await t.store.getCard('card_tier2' as never))._unsafeUnwrap()?.status).toBe('pending');

    // 11:31 in New York: the dispatcher sends nothing outside the window.
    await t.jobs.tick('dispatch-tick');
    expect(t.channels.instantly.calls).toHaveLength(0);

    // 15:05: inside the window, the ramp after three clean days allows 4 today.
    t.clock.advance(3 * HOUR + 34 * MINUTE);
    const status = await api('GET', '/api/status');
    expect(status.body.daily_cap).toMatchObject({ used: 0, limit: 4, clean_days_in_row: 3 });
    expect(status.body.daily_cap.why).toContain('SEND_RAMP 1,2,3,4');
    expect((await api('GET', '/api/queue/trace')).body).toMatchObject({ daily_cap: 4, mode: 'autonomous' });
    await t.jobs.tick('dispatch-tick');
    await vi.waitFor(() => expect(t.channels.instantly.calls).toHaveLength(4));
    const batches = (await api('GET', '/api/batches')).body.batches;
    expect(batches).toEqual([expect.objectContaining({ created_by: 'system:dispatcher', items: 4 })]);
    await vi.waitFor(async () => expect((await api('GET', `/api/batches/${batches[0].id}`)).body).toMatchObject({ batch: { status: 'executed' }, progress: { done: 4, total: 4, counts: { sent: 4 } } }));
    // The cap is used up: the next tick sends nothing more.
    await t.jobs.tick('dispatch-tick');
    expect(t.channels.instantly.calls).toHaveLength(4);
    expect((await t.store.listCards({ status: 'approved' }))._unsafeUnwrap().items).toHaveLength(2);

    // Two bounces on today's sends: 2 / max(4, 20) = 10% > 5%: back to supervised, audited.
    const bounced = t.channels.instantly.calls.slice(0, 2).map((call, i) => ({ type: 'EmailBounced', eventId: `evt_bounce_${i}`, occurredAt: t.clock.now().toISOString(), channel: 'instantly', lead: { email: `${call.lead.identity.email}` } }));
    const hook = await t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'application/json', 'x-test-signature': 'valid' }, payload: { events: bounced } });
    expect(hook.json()).toMatchObject({ accepted: true, pending: 2 });
    await webhooksApplied(t);
    await t.jobs.tick('autonomy-tick');
    expect((await t.store.getControls())._unsafeUnwrap().mode).toBe('supervised');
    const fallback = await audits('autonomy.fallback');
    expect(fallback).toHaveLength(1);
    expect(fallback[0]!.trace.actor).toBe('system:scheduler:autonomy-tick');
    expect(fallback[0]!.detail).toMatchObject({ trips: [expect.objectContaining({ breaker: 'bounce_rate' })] });
    // Supervised again: the tier-1 clean card waits for a human, even past the hold.
    t.clock.advance(HOUR);
    await t.jobs.tick('autonomy-tick');
    expect((await t.store.listCards({ status: 'pending' }))._unsafeUnwrap().items.map((c) => c.id).sort()).toEqual(['card_flagged', 'card_tier2']);
    // The next day, inside the window: the two cards system:autonomy approved are not sent
    // in supervised mode; they wait for a person.
    t.clock.advance(23 * HOUR);
    expect(await periodicWork(t.services)['dispatch-tick']()).toEqual({ _tag: 'Done', summary: 'no new approved card; 2 approved card(s) held by the send policy; 0 batch(es) to resume' });
    expect(t.channels.instantly.calls).toHaveLength(4);
  });
});
