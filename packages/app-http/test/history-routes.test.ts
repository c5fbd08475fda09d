import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedLeads } from './support/lead-fixtures.js';
import { auth, startTestApp, webhooksApplied, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ SUPERVISED_SEND_WINDOW_OVERRIDE: 'true' });
  await seedLeads(t.store, '2026-03-02T19:00:00.000Z');
});
afterEach(async () => {
  await t.app.close();
});

/** Provider webhooks through the app's webhook route (the test ingress takes parsed events). */
export const webhook = async (t: TestApp, provider: string, events: Record<string, unknown>[]) => {
  const response = await t.app.inject({ method: 'POST', url: `/webhooks/${provider}`, headers: { 'content-type': 'application/json', 'x-test-signature': 'valid' }, payload: { events } });
  expect(response.statusCode, response.body).toBe(200);
  await webhooksApplied(t);
};

const adaEvents = (at: string) => [
  { type: 'EmailSent', eventId: 'evt_sent', provider: 'ghl', occurredAt: at, channel: 'ghl_email', lead: { email: 'ada@engines.example' } },
  { type: 'EmailOpened', eventId: 'evt_open', provider: 'ghl', occurredAt: at, channel: 'ghl_email', lead: { email: 'ada@engines.example' } },
  { type: 'ReplyReceived', eventId: 'evt_reply', provider: 'ghl', occurredAt: at, channel: 'ghl_email', lead: { email: 'ada@engines.example' }, snippet: 'Yes, Tuesday works for a call.' },
  // Another channel's event for the same person is not this card's.
  { type: 'EmailOpened', eventId: 'evt_other', provider: 'instantly', occurredAt: at, channel: 'instantly', lead: { email: 'ada@engines.example' } },
];

describe('GET /api/cards/:id/timeline', () => {
  it('tells a card from crafting through approval, claim and send to delivered, opened and replied', async () => {
    const approved = await t.app.inject({ method: 'POST', url: '/api/cards/card_ada/approve', headers: { ...auth } });
    expect(approved.json().message, approved.body).toContain('Email sent via GHL');
    // Approval is stamped with the wall clock (traceFor), webhooks with the app's clock: after it.
    t.clock.set(new Date(Date.now() + 60_000));
    await webhook(t, 'ghl', adaEvents('2026-03-02T20:31:00.000Z'));
    const response = await t.app.inject({ method: 'GET', url: '/api/cards/card_ada/timeline', headers: auth });
    expect(response.statusCode).toBe(200);
    const events = response.json().events as { kind: string; actor: string; detail: Record<string, unknown> }[];
    expect(events.map((e) => e.kind)).toEqual(['crafted', 'approved', 'decided', 'queued', 'claimed', 'sent', 'delivered', 'opened', 'replied']);
    expect(events[1]!.actor).toBe('user:admin');
    expect(events.at(-1)!.detail.snippet).toBe('Yes, Tuesday works for a call.');
  });

  it('shows a bounce on the card it concerns, and answers 404 for an unknown card', async () => {
    await webhook(t, 'instantly', [{ type: 'EmailBounced', eventId: 'evt_bounce', provider: 'instantly', occurredAt: '2026-03-02T20:31:00.000Z', channel: 'instantly', lead: { email: 'bob@fairchild.example' } }]);
    const events = (await t.app.inject({ method: 'GET', url: '/api/cards/card_bob/timeline', headers: auth })).json().events as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['crafted', 'replied', 'bounced']);
    expect((await t.app.inject({ method: 'GET', url: '/api/cards/card_nobody/timeline', headers: auth })).statusCode).toBe(404);
  });
});

describe('replies inbox', () => {
  it('lists replies with snippet and lead, marks one handled once, and filters open and handled', async () => {
    await webhook(t, 'ghl', adaEvents('2026-03-02T20:31:00.000Z'));
    const open = (await t.app.inject({ method: 'GET', url: '/api/replies', headers: auth })).json().items;
    expect(open).toHaveLength(2);
    expect(open[1]).toMatchObject({ snippet: 'Sounds good', lead: { id: 'lead_bob' } });
    expect(open[0]).toMatchObject({ provider: 'ghl', channel: 'ghl_email', snippet: 'Yes, Tuesday works for a call.', lead: { id: 'lead_ada', firstName: 'Ada', company: 'Analytical Engines' }, handled: null });

    const mark = await t.app.inject({ method: 'POST', url: `/api/replies/${open[0].id}/handled`, headers: { ...auth }, payload: { note: 'Booked for Tuesday' } });
    expect(mark.json()).toEqual({ handled: true, already: false });
    const again = await t.app.inject({ method: 'POST', url: `/api/replies/${open[0].id}/handled`, headers: auth, payload: {} });
    expect(again.json()).toEqual({ handled: true, already: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/replies', headers: auth })).json().items.map((r: { lead: { id: string } }) => r.lead.id)).toEqual(['lead_bob']);
    const handled = (await t.app.inject({ method: 'GET', url: '/api/replies?show=handled', headers: auth })).json().items;
    expect(handled[0].handled).toMatchObject({ by: 'user:admin', note: 'Booked for Tuesday' });
    expect((await t.app.inject({ method: 'GET', url: '/api/replies?show=all', headers: auth })).json().items).toHaveLength(2);
    const audit = (await t.store.listAuditByAction('reply.handled', 10))._unsafeUnwrap();
    expect(audit).toHaveLength(1);

    expect((await t.app.inject({ method: 'POST', url: '/api/replies/audit_nope/handled', headers: auth, payload: {} })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/replies?show=some', headers: auth })).statusCode).toBe(400);
  });
});
