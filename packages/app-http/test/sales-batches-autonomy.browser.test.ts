import type { Role } from '@caio/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/console-browser.js';
import { consoleInChromium } from './support/console-suite.js';

// This instance's worker runs the batch jobs the page queues (no periodic jobs here).
const f = consoleInChromium('console (batches, autonomy)', { runJobs: true });

const signIn = (role: Role): Promise<Page> => f.signIn(role);
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

describe('the batches page in real Chromium', () => {
  it('an operator creates a batch from the approved cards, previews it, executes it and sees the progress end with the outcomes; each card is sent once', async () => {
    const approved = { status: 'approved' as const, approvedBy: 'user:reviewer-pat', approvedAt: new Date().toISOString() };
    const cards = [await f.app.seedCard('gus', approved), await f.app.seedCard('hal', approved)];
    const before = f.ghlMessages();
    const page = await signIn('operator');
    await page.keyboard.press('5');
    // Focus moves to the page's heading once the page has loaded.
    await page.waitForFunction(() => document.activeElement?.id === 'batches-view-title', undefined, { polling: 100 });
    await page.getByRole('button', { name: 'Create a batch from all approved cards' }).click();
    const row = page.locator('#batches-list li').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('created by user:operator-pat');
    expect(await row.textContent()).toContain('2 items');
    expect(await row.locator('.status').textContent()).toBe('open');

    // Preview: each card's policy verdict, nothing sent.
    await row.locator('[data-action="preview"]').click();
    await row.locator('.preview li').nth(1).waitFor();
    for (const card of cards) expect(await row.locator(`.preview [data-card-id="${card.id}"]`).textContent()).toBe(`${card.id}: sent (would send)`);
    expect(f.ghlMessages() - before).toBe(0);
    await expectAccessible(page, 'batches page with a preview');
    await f.shot(page, 'batches-preview');

    await row.locator('[data-action="execute"]').click();
    await page.waitForSelector('#batches-list li[data-done="true"]', { timeout: 20_000 });
    expect(await row.locator('.status').textContent()).toBe('executed');
    expect(await row.locator('.progress').textContent()).toBe('2 of 2 done · sent 2');
    for (const card of cards) expect(await row.locator(`.outcomes [data-card-id="${card.id}"]`).textContent()).toContain(`${card.id}: sent`);
    expect(f.ghlMessages() - before).toBe(2);
    for (const card of cards) expect((await f.app.composed.services.deps.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('sent');
    await expectAccessible(page, 'batches page after execution');
    await f.shot(page, 'batches-executed');
    // Executed once: the button is off, and the server would not run it again.
    expect(await row.locator('[data-action="execute"]').isDisabled()).toBe(true);
    expect(f.ghlMessages() - before).toBe(2);
    await page.context().close();
  }, 60_000);

  it('a reviewer sees the batch buttons disabled with the reason', async () => {
    const page = await signIn('reviewer');
    await page.keyboard.press('5');
    await page.waitForSelector('#batches-list li');
    expect(await page.isDisabled('#batch-create')).toBe(true);
    expect(await page.textContent('#batch-note')).toBe('Only an operator or admin runs batches (you are reviewer).');
    const row = page.locator('#batches-list li').first();
    expect(await row.locator('[data-action="preview"]').isDisabled()).toBe(true);
    expect(await row.locator('[data-action="execute"]').isDisabled()).toBe(true);
    await expectAccessible(page, 'batches page, reviewer');
    await f.shot(page, 'batches-reviewer');
    await page.context().close();
  }, 60_000);
});

describe('the autonomy page in real Chromium', () => {
  it('an admin sees NO-GO with its criteria and the cap; enabling asks first and is refused with the failing criteria', async () => {
    const page = await signIn('admin');
    await page.keyboard.press('6');
    await page.waitForFunction(() => document.activeElement?.id === 'autonomy-title', undefined, { polling: 100 });
    await page.waitForFunction(() => document.querySelector('#autonomy-verdict')?.textContent !== '', undefined, { polling: 100 });
    expect(await page.textContent('#autonomy-verdict')).toBe('NO-GO');
    expect(await page.locator('#autonomy-criteria li.bad').count()).toBeGreaterThan(0);
    const facts = await page.textContent('#autonomy-facts');
    expect(facts).toContain('Modesupervised');
    expect(facts).toMatch(/Today\d+ of 50 sends/);
    expect(facts).toContain('Why this cap');
    expect(await page.isDisabled('#autonomy-button')).toBe(false);
    await expectAccessible(page, 'autonomy page, admin');
    await f.shot(page, 'autonomy-no-go');

    await page.getByLabel('Reason (audited)').fill('Try the autopilot');
    await page.getByRole('button', { name: 'Enable autonomy' }).click();
    await page.waitForSelector('#confirm-dialog[open]');
    expect(await focusedId(page)).toBe('confirm-cancel');
    await page.click('#confirm-ok');
    await page.waitForSelector('#autonomy-refusal li');
    const failing = await page.locator('#autonomy-refusal li').allTextContents();
    expect(failing.length).toBe(await page.locator('#autonomy-criteria li.bad').count());
    for (const line of failing) expect(line.startsWith('✗')).toBe(true);
    expect(await page.textContent('#autonomy-refusal')).toContain('Refused: the go/no-go is NO-GO');
    expect((await f.app.composed.services.deps.store.getControls())._unsafeUnwrap().mode).toBe('supervised');
    await expectAccessible(page, 'autonomy page with the refusal');
    await f.shot(page, 'autonomy-refused');
    await page.context().close();
  }, 60_000);

  it('a non-admin sees the switch disabled with the reason', async () => {
    const page = await signIn('operator');
    await page.keyboard.press('6');
    await page.waitForFunction(() => document.querySelector('#autonomy-verdict')?.textContent !== '', undefined, { polling: 100 });
    expect(await page.isDisabled('#autonomy-button')).toBe(true);
    expect(await page.textContent('#autonomy-note')).toBe('Only an admin switches autonomy (you are operator).');
    await page.context().close();
  }, 60_000);
});
