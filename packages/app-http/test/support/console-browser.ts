import type { Role } from '@caio/core';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROLE_TOKENS } from './console-app.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The system's Chromium, headless, with no background traffic of its own. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

/** A tab of `/sales` signed in with `role`'s own token (axe is injected past the page's CSP, which blocks inline scripts). */
export const signInAs = async (browser: Browser, role: Role, base: string): Promise<Page> => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/sales`);
  await page.getByLabel('Your dashboard token').fill(ROLE_TOKENS[role]);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#who:not([hidden])');
  return page;
};

/** No serious or critical axe-core violations on the page as it is now. */
export const expectAccessible = async (page: Page, what: string): Promise<void> => {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, what).toEqual([]);
};

/** A new temporary folder for the screenshots, printed for a person to look at after the run; and a saver into it. */
export const screenshots = (label: string): ((page: Page, name: string) => Promise<Buffer>) => {
  const folder = mkdtempSync(join(tmpdir(), 'caio-console-screens-'));
  console.log(`${label} screenshots: ${folder}`);
  return (page, name) => page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
};
