import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY1, DAY2, seedReport } from './support/report-fixtures.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  await seedReport(t.store);
});
afterEach(async () => {
  await t.app.close();
});

const zero = { sent: 0, delivered: 0, opened: 0, clicked: 0, replied: 0, bounced: 0, unsubscribed: 0, rejected: 0, rejectedByTag: {}, edited: 0 };

describe('GET /api/reports/delivery', () => {
  it('counts per day, channel and campaign: sends, provider events, rejections by tag and edits', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/reports/delivery?from=${DAY1}&to=${DAY2}`, headers: auth });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ from: DAY1, to: DAY2, complete: true });
    expect(body.rows).toEqual([
      { ...zero, day: DAY1, channel: 'ghl_email', campaign: '-', rejected: 1, rejectedByTag: { untagged: 1 } },
      { ...zero, day: DAY1, channel: 'instantly', campaign: 'cmp-mapped', sent: 1, replied: 1 },
      { ...zero, day: DAY2, channel: 'ghl_email', campaign: '-', edited: 1 },
      { ...zero, day: DAY2, channel: 'heyreach', campaign: '4242', rejected: 2, rejectedByTag: { tone: 1, timing: 1 } },
      { ...zero, day: DAY2, channel: 'instantly', campaign: 'cmp-mapped', delivered: 1, opened: 2, clicked: 1, bounced: 1, unsubscribed: 1 },
    ]);
  });

  it('keeps to the days asked', async () => {
    const body = (await t.app.inject({ method: 'GET', url: `/api/reports/delivery?from=${DAY2}&to=${DAY2}`, headers: auth })).json();
    expect(body.rows.map((r: { day: string }) => r.day)).toEqual([DAY2, DAY2, DAY2]);
  });

  it('exports CSV with a column per rejection tag', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/reports/delivery?from=${DAY1}&to=${DAY2}&format=csv`, headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="caio-report-${DAY1}-${DAY2}.csv"`);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'day,channel,campaign,sent,delivered,opened,clicked,replied,bounced,unsubscribed,rejected,edited,rejected_weak_personalization,rejected_wrong_persona,rejected_factual_error,rejected_tone,rejected_formatting,rejected_compliance,rejected_duplicate,rejected_timing,rejected_other,rejected_untagged',
    );
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe(`${DAY2},instantly,cmp-mapped,0,1,2,1,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0`);
    expect(lines[4]).toBe(`${DAY2},heyreach,4242,0,0,0,0,0,0,0,2,0,0,0,0,1,0,0,0,1,0,0`);
  });

  it('refuses bad days with 400', async () => {
    for (const query of ['from=2026-13-01', 'to=yesterday', `from=${DAY2}&to=${DAY1}`, 'from=2024-01-01&to=2026-01-01', 'format=xml']) {
      const response = await t.app.inject({ method: 'GET', url: `/api/reports/delivery?${query}`, headers: auth });
      expect(response.statusCode, query).toBe(400);
    }
  });
});
