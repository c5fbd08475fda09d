import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedLeads } from './support/lead-fixtures.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  await seedLeads(t.store, '2026-03-02T19:00:00.000Z');
});
afterEach(async () => {
  await t.app.close();
});

const ids = async (query: string) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/leads${query}`, headers: auth });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as { lead: { id: string } }[]).map((i) => i.lead.id);
};

describe('GET /api/leads', () => {
  it('lists leads in id order with status, replied and suppressed', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/leads', headers: auth })).json();
    expect(body.items.map((i: { lead: { id: string }; status: string; replied: boolean; suppressed: boolean }) => [i.lead.id, i.status, i.replied, i.suppressed])).toEqual([
      ['lead_ada', 'pending', false, false],
      ['lead_bob', 'sent', true, false],
      ['lead_cy', 'new', false, true],
      ['lead_di', 'rejected', false, false],
    ]);
    expect(body.next).toBeUndefined();
  });

  it('searches name, company, e-mail and LinkedIn, case-insensitively', async () => {
    expect(await ids('?q=lovelace')).toEqual(['lead_ada']);
    expect(await ids('?q=Ada%20Lovelace')).toEqual(['lead_ada']);
    expect(await ids('?q=fairchild')).toEqual(['lead_bob']);
    expect(await ids('?q=cy%40mound')).toEqual(['lead_cy']);
    expect(await ids('?q=linkedin.com%2Fin%2Fbobn')).toEqual(['lead_bob']);
    expect(await ids('?q=nobody-here')).toEqual([]);
  });

  it('filters by source, label, tier, status, replied and suppressed', async () => {
    expect(await ids('?source=rb2b')).toEqual(['lead_ada']);
    expect(await ids('?label=acme')).toEqual(['lead_bob', 'lead_cy']);
    expect(await ids('?tier=1')).toEqual(['lead_ada', 'lead_di']);
    expect(await ids('?status=new')).toEqual(['lead_cy']);
    expect(await ids('?status=sent')).toEqual(['lead_bob']);
    expect(await ids('?replied=true')).toEqual(['lead_bob']);
    expect(await ids('?replied=false&label=acme')).toEqual(['lead_cy']);
    expect(await ids('?suppressed=true')).toEqual(['lead_cy']);
    expect(await ids('?suppressed=false&tier=1&source=manual')).toEqual(['lead_di']);
  });

  it('pages with the cursor it returns', async () => {
    const first = (await t.app.inject({ method: 'GET', url: '/api/leads?limit=3', headers: auth })).json();
    expect(first.items.map((i: { lead: { id: string } }) => i.lead.id)).toEqual(['lead_ada', 'lead_bob', 'lead_cy']);
    expect(first.next).toBe('lead_cy');
    expect(await ids(`?limit=3&cursor=${first.next}`)).toEqual(['lead_di']);
  });

  it('refuses bad filters with 400 naming them', async () => {
    const cases = { source: 'fax', tier: '9', status: 'happy', replied: 'maybe', suppressed: '1', limit: '0', cursor: '!' };
    for (const [name, value] of Object.entries(cases)) {
      const response = await t.app.inject({ method: 'GET', url: `/api/leads?${name}=${value}`, headers: auth });
      expect(response.statusCode, name).toBe(400);
      expect(response.json().issues.map((i: { path: string }) => i.path).join(' '), name).toContain(name);
    }
  });
});

describe('GET /api/leads/:id', () => {
  it('answers fields, identity keys, cards, sends with receipts, webhook events, cadence stops', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/leads/lead_bob', headers: auth });
    expect(response.statusCode).toBe(200);
    const d = response.json();
    expect(d.identityKeys).toEqual(['email:bob@fairchild.example', 'linkedin:linkedin.com/in/bobn']);
    expect(d.fields).toContainEqual({ name: 'company', value: 'Fairchild', provenance: expect.stringContaining('clay (acme)') });
    expect(d.cards.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['card_bob', 'sent']]);
    expect(d.touches).toHaveLength(1);
    expect(d.receipts).toEqual([{ cardId: 'card_bob', step: 0, channel: 'instantly', receipt: { emailId: 'em_42' }, sandbox: false }]);
    expect(d.webhookEvents.map((e: { action: string }) => e.action)).toEqual(['webhook.ReplyReceived']);
    expect(d.cadenceStops.map((s: { reason: string }) => s.reason)).toEqual(['replied', 'replied']);
    expect(d.replied).toBe(true);
  });

  it('shows suppressions, and answers 404 for an unknown lead and 400 for a bad id', async () => {
    const cy = (await t.app.inject({ method: 'GET', url: '/api/leads/lead_cy', headers: auth })).json();
    expect(cy.suppressions).toEqual([{ target: 'email:cy@mound.example', reason: 'unsubscribed', source: 'instantly:evt_1', at: '2026-03-02T19:00:00.000Z' }]);
    expect(cy.status).toBe('new');
    expect((await t.app.inject({ method: 'GET', url: '/api/leads/lead_nobody', headers: auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/leads/%20bad', headers: auth })).statusCode).toBe(400);
  });
});
