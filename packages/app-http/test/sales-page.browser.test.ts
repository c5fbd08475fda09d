import type { CardId } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { runStartup } from '../src/composition/startup.js';
import { buildServer } from '../src/http/build-server.js';

const TOKEN = 'browser-dashboard-token-0123456789';
let app: FastifyInstance;
let composed: ComposedApp;
let browser: Browser;
let base = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'caio-browser-'));
  const loaded = (await loadConfiguration({ STATE_DIR: dir, DASHBOARD_AUTH_TOKEN: TOKEN, SUPERVISED_SEND_WINDOW_OVERRIDE: 'true', SEND_CHANNEL_CAPS: 'ghl_email=20,heyreach=0' }))._unsafeUnwrap();
  composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  await runStartup(composed.services.deps, loaded.config);
  app = await buildServer(composed.services, pino({ level: 'silent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await composed?.services.jobs.close();
  await composed?.state.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/sales in real Chromium', () => {
  it('takes the token once, rejects a card with a tag and reason, approves another, engages the stop', async () => {
    const page = await browser.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${base}/sales`);
    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('.card');
    expect(await page.locator('.card').count()).toBe(6);
    // The token travels in a header and lives in session storage, never in a URL.
    expect(urls.every((u) => !u.includes(TOKEN))).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('caio.dashboardToken'))).toBe(TOKEN);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // Reject the first card with the keyboard: r, choose a tag, write a reason.
    const firstId = await page.locator('.card').first().getAttribute('data-card-id');
    await page.keyboard.press('r');
    await page.selectOption('.reject-form select', 'tone');
    await page.fill('.reject-form textarea', 'Too pushy for a first touch with a CMO.');
    await page.click('.reject-form button[type=submit]');
    await page.waitForSelector('#toast:not([hidden])');
    expect(await page.textContent('#toast')).toContain('Rejected: tone');
    await page.waitForFunction((id) => !document.querySelector(`[data-card-id="${id}"]`), firstId);

    // Approve the next one with the keyboard: it is a GHL first touch, sent (sandbox) at once.
    const secondId = await page.locator('.card').first().getAttribute('data-card-id');
    await page.keyboard.press('a');
    await page.waitForFunction((id) => !document.querySelector(`[data-card-id="${id}"]`), secondId);
    expect(await page.textContent('#toast')).toContain('Email recorded via GHL (sandbox)');
    expect(await page.locator('.card').count()).toBe(4);

    // Today's cap says why, and so does each channel's own cap with its sends today (the
    // approval above claimed one GHL send); the batches being executed are listed (none here).
    await page.waitForFunction(() => document.querySelector('#window')?.textContent?.includes('DAILY_SEND_CAP 5 (no SEND_RAMP)'));
    await page.waitForFunction(() => document.querySelector('#window')?.textContent?.includes('1 of 20 sends (SEND_CHANNEL_CAPS ghl_email=20'));
    expect(await page.textContent('#window')).toContain('0 of 0 sends (SEND_CHANNEL_CAPS heyreach=0: closed)');
    await page.waitForFunction(() => document.querySelector('#batches')?.textContent?.includes('Batches executing'));

    // Engage the emergency stop.
    await page.fill('#stop-reason', 'Complaint from a prospect');
    await page.click('#stop-button');
    await page.waitForFunction(() => document.querySelector('#stop-state')?.textContent?.includes('ENGAGED'));
    // Kept outside the removed state dir so a person can look at it after the run.
    await page.screenshot({ path: join(tmpdir(), 'caio-sales-page.png'), fullPage: true });

    const store = composed.services.deps.store;
    expect((await store.getCard(firstId as CardId))._unsafeUnwrap()).toMatchObject({ status: 'rejected', rejection: { tag: 'tone', reason: 'Too pushy for a first touch with a CMO.' } });
    expect((await store.getCard(secondId as CardId))._unsafeUnwrap()).toMatchObject({ status: 'sent', receipt: { sandbox: true } });
    expect((await store.getControls())._unsafeUnwrap().emergencyStop).toMatchObject({ engaged: true, reason: 'Complaint from a prospect' });
    await page.close();
  }, 60_000);
});
