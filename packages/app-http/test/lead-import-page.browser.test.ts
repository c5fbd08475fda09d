import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { REAL_EXPORT, REAL_MAP } from './support/import-fixtures.js';

let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp();
}, 60_000);
afterAll(async () => b?.close());

describe('CSV import on /sales/leads in real Chromium', () => {
  it('previews a real export with a column map (nothing written), then imports it', async () => {
    const { page } = await b.open('/sales/leads');
    await page.waitForSelector('#lead-empty');
    await page.click('#import-box summary');
    await page.setInputFiles('#i-file', { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(REAL_EXPORT) });
    await page.fill('#i-label', 'webinar');
    await page.fill('#i-map', REAL_MAP);
    await page.click('#i-preview');
    await page.waitForSelector('#import-summary');
    expect(await page.textContent('#import-summary')).toBe('Preview, nothing written: 2 lead(s) would be created, 0 would be merged, 1 refused.');
    expect(await page.locator('.import-warning').first().textContent()).toContain('company page');
    expect((await b.composed.services.deps.store.listLeads({}))._unsafeUnwrap().items).toEqual([]);

    await page.click('#i-import');
    await page.waitForFunction(() => document.querySelector('#import-summary')?.textContent?.startsWith('2 lead(s)'));
    await page.waitForFunction(() => document.querySelectorAll('#lead-table tbody tr').length === 2);
    expect(await page.textContent('#lead-table')).toContain('bob@fairchild.example');
  });
});
