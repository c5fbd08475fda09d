import { aCard, aLead } from '@caio/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const HOUR = 3_600_000;
// The test app's clock reads 2026-03-02T20:30Z.
const hoursAgo = (h: number) => new Date(Date.parse('2026-03-02T20:30:00.000Z') - h * HOUR).toISOString();

const seedQueue = async () => {
  const ada = aLead('ada', { sourceLabel: 'wpromote' });
  const bob = aLead('bob', { tier: 'tier_2', sourceLabel: 'acme' });
  for (const lead of [ada, bob]) await t.store.putLead(lead, null);
  const cards = [
    aCard('card_old_t1', ada, { sourceLabel: 'wpromote', campaignId: 'cmp_a' }, hoursAgo(48)),
    aCard('card_t2_insta', bob, { sourceLabel: 'acme', channel: 'instantly', campaignId: 'cmp_b' }, hoursAgo(30)),
    aCard('card_fresh_t1', ada, { sourceLabel: 'wpromote', campaignId: 'cmp_a' }, hoursAgo(5)),
    aCard('card_fresh_t2', bob, { sourceLabel: 'acme', channel: 'heyreach' }, hoursAgo(2)),
    aCard('card_newest_t1', ada, { sourceLabel: 'acme', campaignId: 'cmp_b' }, hoursAgo(1)),
    aCard('card_approved', ada, { status: 'approved', sourceLabel: 'wpromote' }, hoursAgo(1)),
  ];
  for (const card of cards) await t.store.putCard(card, null);
};

const ids = async (query: string) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/queue${query}`, headers: auth });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as { card: { id: string } }[]).map((i) => i.card.id);
};

describe('GET /api/queue', () => {
  it('answers pending cards oldest first with their lead, or newest first', async () => {
    await seedQueue();
    const response = await t.app.inject({ method: 'GET', url: '/api/queue', headers: auth });
    const body = response.json();
    expect(body.items.map((i: { card: { id: string } }) => i.card.id)).toEqual(['card_old_t1', 'card_t2_insta', 'card_fresh_t1', 'card_fresh_t2', 'card_newest_t1']);
    expect(body.items[0].lead).toMatchObject({ id: 'ada', sourceLabel: 'wpromote' });
    expect(body.next).toBeUndefined();
    expect(await ids('?order=newest')).toEqual(['card_newest_t1', 'card_fresh_t2', 'card_fresh_t1', 'card_t2_insta', 'card_old_t1']);
  });

  it('filters by tier (1 or tier_1), channel, campaign and source label', async () => {
    await seedQueue();
    expect(await ids('?tier=2')).toEqual(['card_t2_insta', 'card_fresh_t2']);
    expect(await ids('?tier=tier_1')).toEqual(['card_old_t1', 'card_fresh_t1', 'card_newest_t1']);
    expect(await ids('?channel=heyreach')).toEqual(['card_fresh_t2']);
    expect(await ids('?campaign=cmp_b')).toEqual(['card_t2_insta', 'card_newest_t1']);
    expect(await ids('?source=wpromote')).toEqual(['card_old_t1', 'card_fresh_t1']);
    expect(await ids('?source=acme&tier=1')).toEqual(['card_newest_t1']);
  });

  it('filters by age in hours', async () => {
    await seedQueue();
    expect(await ids('?max_age_hours=24')).toEqual(['card_fresh_t1', 'card_fresh_t2', 'card_newest_t1']);
    expect(await ids('?min_age_hours=24')).toEqual(['card_old_t1', 'card_t2_insta']);
    expect(await ids('?min_age_hours=3&max_age_hours=40')).toEqual(['card_t2_insta', 'card_fresh_t1']);
  });

  it('the fresh_tier_1 preset is Tier 1 of the last day, newest first; a stated filter wins', async () => {
    await seedQueue();
    expect(await ids('?preset=fresh_tier_1')).toEqual(['card_newest_t1', 'card_fresh_t1']);
    expect(await ids('?preset=fresh_tier_1&order=oldest&max_age_hours=72')).toEqual(['card_old_t1', 'card_fresh_t1', 'card_newest_t1']);
  });

  it('pages with the cursor it returns, each card once', async () => {
    await seedQueue();
    const first = (await t.app.inject({ method: 'GET', url: '/api/queue?limit=2', headers: auth })).json();
    expect(first.items.map((i: { card: { id: string } }) => i.card.id)).toEqual(['card_old_t1', 'card_t2_insta']);
    expect(first.next).toMatch(/^\d{15}:card_t2_insta$/);
    const second = (await t.app.inject({ method: 'GET', url: `/api/queue?limit=2&cursor=${encodeURIComponent(first.next)}`, headers: auth })).json();
    expect(second.items.map((i: { card: { id: string } }) => i.card.id)).toEqual(['card_fresh_t1', 'card_fresh_t2']);
    const third = (await t.app.inject({ method: 'GET', url: `/api/queue?limit=2&cursor=${encodeURIComponent(second.next)}`, headers: auth })).json();
    expect(third.items.map((i: { card: { id: string } }) => i.card.id)).toEqual(['card_newest_t1']);
    expect(third.next).toBeUndefined();
  });

  it('refuses bad filters with 400 and says which', async () => {
    const cases = { tier: '4', channel: 'fax', order: 'sideways', preset: 'stale', max_age_hours: '-1', cursor: 'nope', limit: '0' };
    for (const [name, value] of Object.entries(cases)) {
      const response = await t.app.inject({ method: 'GET', url: `/api/queue?${name}=${value}`, headers: auth });
      expect(response.statusCode, name).toBe(400);
      expect(response.json().issues.map((i: { path: string }) => i.path).join(' '), name).toContain(name);
    }
  });
});
