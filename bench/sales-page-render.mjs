// How long /sales takes to show 100 pending cards in Chromium: the built app (file store,
// sandbox) with 100 leads imported and crafted into pending cards by the `caio` commands,
// a headless Chromium signed in with the dashboard token, timed from the sign-in submit
// to the 100th card in the DOM (median of several loads). The target is one second: the
// figure is that time divided by 1,000 ms, so at most 1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './app-process.mjs';

const MAIN = fileURLToPath(new URL('../packages/app-http/dist/main.js', import.meta.url));
// playwright-core is a dependency of the app package, not of the workspace root.
const { chromium } = createRequire(new URL('../packages/app-http/package.json', import.meta.url))('playwright-core');
const CARDS = 100;
const LOADS = 5;
const TOKEN = 'bench-dashboard-token-0123456789abcdef';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const run = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-bench-sales-'));
  const env = { STATE_BACKEND: 'file', STATE_DIR: dir, SEND_MODE: 'sandbox', DEMO_SEED: 'false', DASHBOARD_AUTH_TOKEN: TOKEN, LOG_LEVEL: 'silent', SCHEDULED_WORK_ENABLED: 'false' };
  const csv = join(dir, 'leads.csv');
  const rows = Array.from({ length: CARDS }, (_, i) => `lead${i}@bench${i}.example,,Lead${i},Bench ${i} Inc,1,"Snowflake, dbt",SDRs`);
  writeFileSync(csv, ['email,linkedin_url,first_name,company,tier,tech_stack,hiring', ...rows].join('\n'));
  const caio = (...args) => execFileSync(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  caio('leads', 'import', csv, '--source-label', 'bench');
  caio('pipeline', 'run', '--source', 'bench', '--limit', String(CARDS));
  const app = await startApp(env);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const times = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage();
      await page.goto(`${app.base}/sales`);
      await page.fill('#token-input', TOKEN);
      const started = await page.evaluate(() => performance.now());
      await page.press('#token-input', 'Enter');
      await page.waitForFunction((n) => document.querySelectorAll('#cards .card').length >= n, CARDS, { timeout: 30_000 });
      times.push((await page.evaluate(() => performance.now())) - started);
      await page.close();
    }
    const ms = median(times);
    return { sales_page_100_cards: { ratio: ms / 1000, target: 1, lowerIsBetter: true, medianMs: Math.round(ms), loads: times.map(Math.round).join('/') } };
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
