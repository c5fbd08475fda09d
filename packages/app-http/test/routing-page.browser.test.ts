import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';

let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp();
}, 60_000);
afterAll(async () => b?.close());

describe('/sales/routing in real Chromium', () => {
  it('adds and saves routing rules from the listed campaigns, refuses a missing campaign, pauses and resumes a channel', async () => {
    const { page } = await b.open('/sales/routing');
    await page.waitForSelector('#rules-table');
    const store = b.composed.services.deps.store;
    const campaign = [...(b.composed.services.deps.campaigns().instantly ?? [])][0]!;

    // A rule for Instantly without a campaign is refused and nothing is stored.
    await page.click('#add-rule');
    await page.fill('#rules-table tr.rule .r-label', 'wpromote');
    await page.selectOption('#rules-table tr.rule .r-tier', 'tier_1');
    await page.selectOption('#rules-table tr.rule .r-channel', 'instantly');
    await page.click('#save-rules');
    await page.waitForFunction(() => document.querySelector('#toast')?.textContent?.includes('needs a campaign'));
    expect((await store.getControls())._unsafeUnwrap().routing).toBeUndefined();

    await page.selectOption('#rules-table tr.rule .r-campaign', campaign);
    await page.click('#add-rule');
    await page.click('#save-rules');
    await page.waitForFunction(() => document.querySelector('#toast')?.textContent === 'Saved 2 rule(s)');
    expect((await store.getControls())._unsafeUnwrap().routing).toEqual([
      { sourceLabel: 'wpromote', tier: 'tier_1', channel: 'instantly', campaignId: campaign },
      { sourceLabel: '*', tier: '*', channel: 'ghl_email' },
    ]);

    await page.fill('#p-target', 'heyreach');
    await page.fill('#p-reason', 'account under review');
    await page.click('#pause-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#pauses')?.textContent?.includes('heyreach'));
    expect((await store.getControls())._unsafeUnwrap().pausedChannels).toEqual(['heyreach']);
    await page.screenshot({ path: join(tmpdir(), 'caio-routing-page.png'), fullPage: true });
    page.once('dialog', (dialog) => void dialog.accept('review done'));
    await page.click('#pauses button');
    await page.waitForFunction(() => document.querySelector('#pauses')?.textContent?.includes('Nothing is paused.'));
    expect((await store.getControls())._unsafeUnwrap().pausedChannels).toEqual([]);
  });
});
