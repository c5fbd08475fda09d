import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import 'reflect-metadata';
import { composeApp, type ComposedApp } from '../../src/composition/container.js';
import { loadConfiguration } from '../../src/composition/load-configuration.js';
import { runStartup } from '../../src/composition/startup.js';
import { buildServer } from '../../src/http/build-server.js';

export const BROWSER_TOKEN = 'browser-dashboard-token-0123456789';

/** The app on a fresh file store, listening on a loopback port, and a headless Chromium. */
export interface BrowserApp {
  readonly base: string;
  readonly composed: ComposedApp;
  readonly browser: Browser;
  /** A new page that has pasted the token at `path` (the token gate), with every request URL it made. */
  open(path: string): Promise<{ page: Page; urls: string[] }>;
  close(): Promise<void>;
}

export const startBrowserApp = async (env: Record<string, string> = {}): Promise<BrowserApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-browser-'));
  const loaded = (await loadConfiguration({ STATE_DIR: dir, DASHBOARD_AUTH_TOKEN: BROWSER_TOKEN, DEMO_SEED: 'false', ...env }))._unsafeUnwrap();
  const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  await runStartup(composed.services.deps, loaded.config);
  const app: FastifyInstance = await buildServer(composed.services, pino({ level: 'silent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    base,
    composed,
    browser,
    async open(path) {
      const page = await browser.newPage();
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.goto(`${base}${path}`);
      await page.fill('#token-input', BROWSER_TOKEN);
      await page.click('#token-form button[type=submit]');
      await page.waitForSelector('#workspace:not([hidden])');
      return { page, urls };
    },
    async close() {
      await browser.close();
      await app.close();
      await composed.state.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
