import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { seedLeads } from './support/lead-fixtures.js';

let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp();
  await seedLeads(b.composed.services.deps.store, new Date(Date.now() - 3_600_000).toISOString());
}, 60_000);
afterAll(async () => b?.close());

describe('/sales/replies and /sales/history in real Chromium', () => {
  it('shows a reply with its snippet and lead link, marks it handled with a note, and the card timeline', async () => {
    const { page } = await b.open('/sales/replies');
    await page.waitForSelector('#replies .reply');
    expect(await page.locator('#replies .reply').count()).toBe(1);
    expect(await page.textContent('#replies .reply .snippet')).toBe('Sounds good');
    expect(await page.getAttribute('#replies .reply .lead-link', 'href')).toBe('/sales/leads#lead_bob');

    page.once('dialog', (dialog) => void dialog.accept('Called back, meeting booked'));
    await page.click('#replies .reply button');
    await page.waitForSelector('#reply-empty');
    await page.selectOption('#f-show', 'handled');
    await page.waitForSelector('#replies .reply .handled');
    expect(await page.textContent('#replies .reply .handled')).toContain('Called back, meeting booked');
    await page.screenshot({ path: join(tmpdir(), 'caio-replies-page.png'), fullPage: true });

    await page.click('#replies .reply .lead-link');
    await page.waitForSelector('#lead-detail:not([hidden]) h2');
    expect(await page.textContent('#lead-detail h2')).toBe('Bob Noyce');
    await page.click('#lead-detail a[href="/sales/history#card_bob"]');
    await page.waitForSelector('#timeline-events li');
    const kinds = await page.locator('#timeline-events li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
    expect(kinds).toEqual(['crafted', 'replied']);
    expect(await page.textContent('#timeline')).toContain('snippet: Sounds good');

    await page.fill('#f-card', 'card_ada');
    await page.click('#card-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#timeline h2')?.textContent === 'card_ada');
    expect(await page.locator('#timeline-events li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')))).toEqual(['crafted']);
    await page.fill('#f-card', 'card_nobody');
    await page.click('#card-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#timeline .error')?.textContent === 'No card card_nobody.');
    await page.screenshot({ path: join(tmpdir(), 'caio-history-page.png'), fullPage: true });
  });
});
