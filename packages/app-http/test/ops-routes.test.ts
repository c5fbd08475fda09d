import { aCard, aClaim, aLead } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => t.app.close());

const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: auth, payload });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: auth });

describe('the webhook quarantine over the API', () => {
  it('shows an authenticated delivery that failed to parse, refuses to re-apply it while it still fails, and discards it once', async () => {
    const received = await t.app.inject({ method: 'POST', url: '/webhooks/rb2b', headers: { 'content-type': 'application/json', 'x-test-signature': 'valid' }, payload: { invalid: true, visitor: 'ada' } });
    expect(received.json()).toMatchObject({ quarantined: true });
    const items = (await get('/api/quarantine')).json().items;
    expect(items).toEqual([expect.objectContaining({ delivery: expect.objectContaining({ provider: 'rb2b', reason: 'body does not match the schema', body: expect.stringContaining('"visitor":"ada"') }), decision: null })]);
    const id = items[0].delivery.id as string;
    const again = await post(`/api/quarantine/${id}/reapply`, { note: 'parser fixed?' });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ error: 'StillInvalid' });
    const discarded = await post(`/api/quarantine/${id}/discard`, { note: 'test traffic from RB2B' });
    expect(discarded.json()).toMatchObject({ decision: { id, action: 'discarded', by: 'user:admin', note: 'test traffic from RB2B' } });
    expect((await post(`/api/quarantine/${id}/discard`, { note: 'again' })).statusCode).toBe(409);
    expect((await get('/api/quarantine')).json().items[0].decision).toMatchObject({ action: 'discarded' });
    const audit = (await t.store.listAudit({ limit: 10 }))._unsafeUnwrap();
    expect(audit).toContainEqual(expect.objectContaining({ action: 'quarantine.discarded', detail: expect.objectContaining({ id, provider: 'rb2b' }) }));
  });

  it('re-applies a delivery that parses after a fix: its events go through the inbox once', async () => {
    const body = JSON.stringify({ events: [{ type: 'EmailOpened', eventId: 'evt_q1', occurredAt: '2026-03-02T20:00:00.000Z', channel: 'instantly', lead: { email: 'ada@acme.example' } }] });
    await t.store.quarantine({ id: 'q_fixed', provider: 'instantly', receivedAt: '2026-03-02T20:00:00.000Z', reason: 'unknown event type (old parser)', body });
    const applied = await post('/api/quarantine/q_fixed/reapply', { note: 'parser now knows this event' });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ decision: { action: 'reapplied', by: 'user:admin' }, events: [{ eventId: 'evt_q1' }] });
    expect((await post('/api/quarantine/q_fixed/reapply', { note: 'twice' })).statusCode).toBe(409);
    expect((await post('/api/quarantine/q_missing/discard', { note: 'nothing here' })).statusCode).toBe(404);
  });
});

describe('unknown outcomes over the API', () => {
  it('lists each unknown send with its evidence, and resolves it (audited, once)', async () => {
    const lead = (await t.store.putLead(aLead('lead_u'), null))._unsafeUnwrap();
    const card = (await t.store.putCard({ ...aCard('card_u', lead, { status: 'queued', channel: 'instantly', campaignId: 'cmp-mapped' }), approvedBy: 'user:pat' }, null))._unsafeUnwrap();
    const trace = { traceId: 'trace_u' as never, actor: 'system:dispatcher', at: '2026-03-02T20:00:00.000Z', origin: 'test' as const };
    const claimed = (await t.store.claimSend(aClaim(card, { trace })))._unsafeUnwrap();
    await t.store.recordOutcome({ cardId: card.id, step: 0, attemptId: claimed.attemptId, outcome: { state: 'unknown', reason: 'timeout after the request was sent' }, trace });
    await t.store.appendAudit({ id: 'audit_u', trace, action: 'send.unknown', cardId: card.id, detail: { reason: 'timeout after the request was sent' } });
    const items = (await get('/api/outcomes/unknown')).json().items;
    expect(items).toEqual([expect.objectContaining({ entry: expect.objectContaining({ cardId: 'card_u', state: 'unknown', reason: 'timeout after the request was sent' }), card: expect.objectContaining({ id: 'card_u' }), lead: expect.objectContaining({ id: lead.id }), evidence: [expect.objectContaining({ action: 'send.unknown' })] })]);
    const resolved = await post('/api/outcomes/card_u/resolve', { delivered: false, note: 'not in the Instantly campaign' });
    expect(resolved.json()).toMatchObject({ entry: { state: 'failed' } });
    expect((await post('/api/outcomes/card_u/resolve', { delivered: true, note: 'again' })).statusCode).toBe(409);
    expect((await get('/api/outcomes/unknown')).json().items).toEqual([]);
  });
});
