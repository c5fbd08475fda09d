import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TOKEN, startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { seedLeads } from './support/lead-fixtures.js';

let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp();
  await seedLeads(b.composed.services.deps.store, new Date().toISOString());
}, 60_000);
afterAll(async () => b?.close());

describe('/sales/leads in real Chromium', () => {
  it('lists, searches and filters leads, and opens a lead with its sends, receipts, events and suppressions', async () => {
    const { page, urls } = await b.open('/sales/leads');
    await page.waitForSelector('#lead-table');
    const rows = () => page.locator('#lead-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-lead-id')));
    expect(await rows()).toEqual(['lead_ada', 'lead_bob', 'lead_cy', 'lead_di']);

    await page.fill('#f-q', 'fairchild');
    await page.click('#lead-filters button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#lead-table tbody tr').length === 1);
    expect(await rows()).toEqual(['lead_bob']);

    await page.fill('#f-q', '');
    await page.selectOption('#f-suppressed', 'true');
    await page.click('#lead-filters button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#lead-table tbody tr')?.getAttribute('data-lead-id') === 'lead_cy');
    expect(await rows()).toEqual(['lead_cy']);

    await page.selectOption('#f-suppressed', '');
    await page.selectOption('#f-status', 'new');
    await page.selectOption('#f-tier', '1');
    await page.click('#lead-filters button[type=submit]');
    await page.waitForSelector('#lead-empty');

    await page.selectOption('#f-status', '');
    await page.selectOption('#f-tier', '');
    await page.selectOption('#f-replied', 'true');
    await page.click('#lead-filters button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#lead-table tbody tr')?.getAttribute('data-lead-id') === 'lead_bob');
    await page.click('#lead-table tbody tr[data-lead-id="lead_bob"]');
    await page.waitForSelector('#lead-detail:not([hidden]) h2');
    const detail = await page.textContent('#lead-detail');
    expect(detail).toContain('Bob Noyce');
    expect(detail).toContain('sent · replied');
    expect(detail).toContain('email:bob@fairchild.example');
    expect(detail).toContain('{"emailId":"em_42"}');
    expect(detail).toContain('ReplyReceived');
    expect(page.url()).toContain('#lead_bob');

    // A link to a lead opens it directly (the replies inbox links here).
    const { page: direct } = await b.open('/sales/leads#lead_cy');
    await direct.waitForSelector('#lead-detail:not([hidden]) h2');
    expect(await direct.textContent('#lead-detail')).toContain('unsubscribed');

    expect(urls.every((u) => !u.includes(BROWSER_TOKEN))).toBe(true);
    await page.screenshot({ path: join(tmpdir(), 'caio-leads-page.png'), fullPage: true });
  });
});
