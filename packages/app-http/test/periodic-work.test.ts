import { dayKey } from '@caio/core';
import { aCard, aClaim, aLead } from '@caio/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { periodicWork } from '../src/jobs/periodic-work.js';
import { periodicSchedule } from '../src/jobs/start-jobs.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t.jobs.close();
  await t.app.close();
});

const trace = () => ({ traceId: 't' as never, actor: 'test', at: t.clock.now().toISOString(), origin: 'test' as const });

describe('the periodic jobs of caio serve', () => {
  it('recovers a stale sending claim into unknown, never into a retry', async () => {
    t = await startTestApp();
    const lead = (await t.store.putLead(aLead('stale'), null))._unsafeUnwrap();
    const saved = (await t.store.putCard({ ...aCard('card_stale', lead, { status: 'queued' }), approvedBy: 'reviewer' }, null))._unsafeUnwrap();
    (await t.store.claimSend(aClaim(saved, { trace: trace() })))._unsafeUnwrap();
    const recovery = periodicWork(t.services)['stale-sending-recovery'];
    expect(await recovery()).toEqual({ _tag: 'Done', summary: '0 stale sending claim(s) marked unknown' });
    t.clock.advance(3 * 60_000);
    expect(await recovery()).toEqual({ _tag: 'Done', summary: '1 stale sending claim(s) marked unknown' });
    expect((await t.store.getLedgerEntry(saved.id, 0))._unsafeUnwrap()?.state).toBe('unknown');
    expect(t.channels.ghl_email.delivered).toHaveLength(0);
  });

  it('records today and yesterday in the send timezone', async () => {
    t = await startTestApp();
    expect((await periodicWork(t.services)['clean-day-accounting']())._tag).toBe('Done');
    const records = (await t.store.listDayRecords(10))._unsafeUnwrap().map((r) => r.day).sort();
    expect(records).toContain(dayKey(t.clock.now(), t.services.config.policy.timeZone));
    expect(records).toHaveLength(2);
  });

  it('forgets webhook inbox events past their retention, and only those', async () => {
    t = await startTestApp();
    const record = (id: string) =>
      t.store.recordInboxEvent({ eventId: id as never, provider: 'instantly', receivedAt: t.clock.now().toISOString(), expiresAt: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString(), payload: {} });
    await record('evt_a');
    await record('evt_b');
    t.clock.advance(3 * 86_400_000);
    await record('evt_c');
    const retention = periodicWork(t.services)['inbox-retention'];
    expect(await retention()).toEqual({ _tag: 'Done', summary: '0 inbox event(s) past retention forgotten' });
    t.clock.advance(5 * 86_400_000);
    expect(await retention()).toEqual({ _tag: 'Done', summary: '2 inbox event(s) past retention forgotten' });
    expect((await t.store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_c']);
  });

  it('schedules a cadence tick only when CADENCES is configured, and it queues due follow-ups', async () => {
    t = await startTestApp();
    expect(periodicSchedule(t.services.config).map(([name]) => name)).not.toContain('cadence-tick');
    await t.jobs.close();
    await t.app.close();
    t = await startTestApp({ CADENCES: 'ghl_email=3' });
    expect(periodicSchedule(t.services.config).map(([name]) => name)).toContain('cadence-tick');
    const lead = (await t.store.putLead(aLead('ada'), null))._unsafeUnwrap();
    const saved = (await t.store.putCard({ ...aCard('card_ada', lead, { status: 'queued' }), approvedBy: 'reviewer' }, null))._unsafeUnwrap();
    const claimed = (await t.store.claimSend(aClaim(saved, { dayKey: dayKey(t.clock.now(), t.services.config.policy.timeZone) })))._unsafeUnwrap();
    (await t.store.recordOutcome({ cardId: saved.id, step: 0, attemptId: claimed.attemptId, outcome: { state: 'sent', receipt: { messageId: 'm1' } }, trace: trace() }))._unsafeUnwrap();
    const tick = periodicWork(t.services)['cadence-tick'];
    expect(await tick()).toEqual({ _tag: 'Done', summary: '0 follow-up card(s) queued, 1 held' });
    t.clock.advance(3 * 86_400_000 + 1);
    expect(await tick()).toEqual({ _tag: 'Done', summary: '1 follow-up card(s) queued, 0 held' });
    const cards = (await t.store.listCards({ leadId: lead.id, limit: 10 }))._unsafeUnwrap().items;
    expect(cards.filter((c) => c.step === 1)).toEqual([expect.objectContaining({ status: 'pending', channel: 'ghl_email' })]);
  });

  it('expires pending cards past PENDING_TTL_HOURS (audited), never approves them, and the lead can get a new card', async () => {
    t = await startTestApp({ PENDING_TTL_HOURS: '72' });
    const lead = (await t.store.putLead(aLead('old'), null))._unsafeUnwrap();
    await t.store.putCard(aCard('card_old', lead, {}, t.clock.now().toISOString()), null);
    const expire = periodicWork(t.services)['expire-pending'];
    t.clock.advance(72 * 3_600_000);
    expect(await expire()).toEqual({ _tag: 'Done', summary: '0 pending card(s) expired' });
    t.clock.advance(60_000);
    expect(await expire()).toEqual({ _tag: 'Done', summary: '1 pending card(s) expired' });
    expect((await t.store.getCard('card_old' as never))._unsafeUnwrap()?.status).toBe('expired');
    expect((await t.store.listAudit({ cardId: 'card_old' as never }))._unsafeUnwrap().map((a) => a.action)).toContain('card.expired');
    expect((await t.app.inject({ method: 'GET', url: '/api/queue/trace', headers: auth })).json()).toMatchObject({ total_pending: 0, expired_last_24h: 1 });
    // An expired card cannot be approved; a freshly crafted card for the same lead can.
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_old/approve', headers: auth, payload: {} })).statusCode).toBe(409);
    await t.store.putCard(aCard('card_new', lead, {}, t.clock.now().toISOString()), null);
    expect((await t.app.inject({ method: 'POST', url: '/api/cards/card_new/approve', headers: auth, payload: {} })).statusCode).toBe(200);
  });

  it('dispatches approved cards of every channel only inside the window, and never while the stop is engaged', async () => {
    t = await startTestApp({ DAILY_SEND_CAP: '10' });
    for (const [id, channel, campaignId] of [['card_i', 'instantly', 'cmp-mapped'], ['card_h', 'heyreach', '4242'], ['card_g', 'ghl_email', undefined]] as const) {
      const lead = (await t.store.putLead(aLead(`lead_${id}`), null))._unsafeUnwrap();
      await t.store.putCard({ ...aCard(id, lead, { channel, ...(campaignId ? { campaignId } : {}), status: 'approved' }, t.clock.now().toISOString()), approvedBy: 'reviewer' }, null);
    }
    await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: true, reason: 'checking' } });
    expect(await periodicWork(t.services)['dispatch-tick']()).toEqual({ _tag: 'Done', summary: 'emergency stop engaged: nothing dispatched' });
    await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', headers: auth, payload: { engaged: false, reason: 'checked' } });
    t.clock.advance(2 * 3_600_000); // 17:30 in New York
    expect(await periodicWork(t.services)['dispatch-tick']()).toEqual({ _tag: 'Done', summary: 'outside the send window: nothing dispatched' });
    t.clock.advance(22 * 3_600_000); // 15:30 the next day
    await t.jobs.tick('dispatch-tick');
    await vi.waitFor(() => expect([t.channels.instantly.calls.length, t.channels.heyreach.calls.length, t.channels.ghl_email.calls.length]).toEqual([1, 1, 1]));
    await vi.waitFor(async () => expect((await t.services.batches.listBatches({ status: 'executed' }))._unsafeUnwrap().items).toHaveLength(1));
    // A second tick finds nothing new: every card was sent once.
    expect(await periodicWork(t.services)['dispatch-tick']()).toEqual({ _tag: 'Done', summary: 'no new approved card; 0 batch(es) to resume' });
  });
});
