import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { DAY1, DAY2, seedReport } from './support/report-fixtures.js';

let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp();
  await seedReport(b.composed.services.deps.store);
}, 60_000);
afterAll(async () => b?.close());

describe('/sales/report in real Chromium', () => {
  it('charts the days with uPlot served by the app, totals per channel and campaign, and downloads the CSV', async () => {
    const { page, urls } = await b.open(`/sales/report#from=${DAY1}&to=${DAY2}`);
    await page.waitForSelector('#chart-daily .uplot canvas');
    expect(await page.getAttribute('#chart-daily', 'data-points')).toBe('2');
    const legend = await page.locator('#chart-daily .u-legend').textContent();
    for (const metric of ['sent', 'delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed', 'rejected', 'edited']) expect(legend).toContain(metric);

    const rows = await page.locator('#report-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toContainEqual(['instantly · cmp-mapped', '1', '1', '2', '1', '1', '1', '1', '0', '0']);
    expect(rows).toContainEqual(['heyreach · 4242', '0', '0', '0', '0', '0', '0', '0', '2', '0']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).toBe(`caio-report-${DAY1}-${DAY2}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^day,channel,campaign,sent,delivered/);
    expect(csv).toContain(`${DAY2},instantly,cmp-mapped,0,1,2,1,0,1,1,0,0`);

    // Every request stayed on the app's origin: the chart library is served by the app.
    expect(urls.filter((u) => !u.startsWith(b.base) && !u.startsWith('blob:'))).toEqual([]);
    expect(urls).toContain(`${b.base}/sales/vendor/uPlot.iife.min.js`);
    await page.screenshot({ path: join(tmpdir(), 'caio-report-page.png'), fullPage: true });
  });
});
