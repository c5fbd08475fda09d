import type { CardId, Role } from '@caio/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startConsoleApp, WEBHOOK_SECRET, ROLE_TOKENS } from './support/console-app.js';
import { expectAccessible } from './support/console-browser.js';
import { consoleInChromium } from './support/console-suite.js';

// Where the screenshots of every page go, for a person to look at after the run.
const f = consoleInChromium('console', { env: { APPROVAL_UNDO_SECONDS: '3' } });

/** A tab signed in with `role`'s own token. */
const signIn = (role: Role, base?: string): Promise<Page> => f.signIn(role, base);

describe('the console in real Chromium', () => {
  it('signs a reviewer in by their own token; a reviewer cannot release the stop', async () => {
    await f.app.seedCard('ada');
    const operator = await signIn('operator');
    await operator.fill('#stop-reason', 'Complaint from a prospect');
    await operator.click('#stop-button');
    // Polled on an interval, not on animation frames: a page that is not in front (another
    // test's context still closing) gets its frames throttled and a frame-polled wait can stall.
    await operator.waitForFunction(() => document.querySelector('#stop-state')?.textContent?.includes('ENGAGED by user:operator-pat'), undefined, { polling: 100 });

    const gate = await (await f.browser.newContext({ bypassCSP: true })).newPage();
    await gate.goto(`${f.app.base}/sales`);
    await gate.waitForSelector('#token-gate:not([hidden])');
    expect(await gate.evaluate(() => document.activeElement?.id)).toBe('token-input');
    await expectAccessible(gate, 'sign-in page');
    await f.shot(gate, 'sign-in');
    await gate.getByLabel('Your dashboard token').fill('not-a-token-of-anyone-0123456789');
    await gate.keyboard.press('Enter');
    await gate.waitForFunction(() => document.querySelector('#token-error')?.textContent === 'the dashboard token is not valid', undefined, { polling: 100 });
    await gate.context().close();

    const page = await signIn('reviewer');
    expect(await page.textContent('#who')).toBe('reviewer-pat · reviewer');
    // The token is only in session storage and headers: never in a URL.
    expect(page.url()).not.toContain(ROLE_TOKENS.reviewer);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.isHidden('#views-nav a[data-view="quarantine"]')).toBe(true);
    expect(await page.isDisabled('#stop-button')).toBe(true);
    expect(await page.textContent('#stop-note')).toContain('Only an admin can release the stop');
    // Forcing the request from the page is refused by the server too.
    const forced = await page.evaluate(async () => {
      const response = await fetch('/api/controls/emergency-stop', { method: 'POST', headers: { 'content-type': 'application/json', 'x-dashboard-token': sessionStorage.getItem('caio.dashboardToken') ?? '' }, body: JSON.stringify({ engaged: false, reason: 'reviewer tries' }) });
      return { status: response.status, body: await response.json() };
    });
    expect(forced).toMatchObject({ status: 403, body: { error: 'Forbidden', role: 'reviewer' } });
    expect((await f.app.composed.services.deps.store.getControls())._unsafeUnwrap().emergencyStop.engaged).toBe(true);
    await expectAccessible(page, 'review page, reviewer');
    await f.shot(page, 'review-reviewer');

    // An admin releases it from the page.
    const admin = await signIn('admin');
    expect(await admin.isDisabled('#stop-button')).toBe(false);
    await admin.fill('#stop-reason', 'Complaint handled');
    await admin.click('#stop-button');
    await admin.waitForFunction(() => document.querySelector('#stop-state')?.textContent?.startsWith('Released'), undefined, { polling: 100 });
    await Promise.all([operator.context().close(), page.context().close(), admin.context().close()]);
  }, 60_000);

  it('an edit from the keyboard changes the digest and re-runs the quality gate; the history names the editor', async () => {
    const card = await f.app.seedCard('bea');
    const page = await signIn('reviewer');
    const row = page.locator(`[data-card-id="${card.id}"]`);
    await row.locator('[data-action="approve"]').focus();
    const before = await row.getAttribute('data-digest');
    expect(before).toBe(card.contentDigest);
    await page.keyboard.press('e');
    await page.getByLabel('Body').fill('Hi {{first_name}}, I hope this finds you well.');
    await page.getByRole('button', { name: 'Save edit' }).click();
    await page.waitForFunction((id) => document.querySelector(`[data-card-id="${id}"]`)?.getAttribute('data-digest') !== null && document.querySelector(`[data-card-id="${id}"] .badge.bad`) !== null, card.id, { polling: 100 });
    const after = await row.getAttribute('data-digest');
    expect(after).not.toBe(before);
    expect(await row.locator('.badge.bad').textContent()).toContain('unresolved_placeholder');
    const stored = (await f.app.composed.services.deps.store.getCard(card.id))._unsafeUnwrap()!;
    expect(stored.contentDigest).toBe(after);
    expect(stored.quality.passed).toBe(false);
    await page.keyboard.press('h');
    await row.locator('.history').waitFor();
    expect(await row.locator('.history').textContent()).toContain('user:reviewer-pat card.edited');
    await expectAccessible(page, 'review page with edit history open');
    await f.shot(page, 'review-edited');
    await page.context().close();
  }, 60_000);

  it('an approval withdrawn inside the undo window sends nothing (counted at the fake GHL); one left alone sends once', async () => {
    const card = await f.app.seedCard('cyd');
    const before = f.ghlMessages();
    const page = await signIn('operator');
    await page.locator(`[data-card-id="${card.id}"] [data-action="approve"]`).click();
    await page.waitForSelector('#undo-bar:not([hidden])');
    expect(await page.textContent('#undo-text')).toMatch(/Sending to Cyd Lovelace in [123] s/);
    await f.shot(page, 'review-undo-countdown');
    await page.keyboard.press('u');
    await page.waitForSelector(`[data-card-id="${card.id}"]`);
    await new Promise((r) => setTimeout(r, 3_500));
    expect(f.ghlMessages() - before).toBe(0);
    expect((await f.app.composed.services.deps.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('pending');

    await page.locator(`[data-card-id="${card.id}"] [data-action="approve"]`).click();
    await page.waitForSelector('#undo-bar:not([hidden])');
    // The send happens when the window ends: wait for it (bounded), then check it was one.
    for (let waited = 0; f.ghlMessages() - before < 1 && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(f.ghlMessages() - before).toBe(1);
    expect((await f.app.composed.services.deps.store.getCard(card.id))._unsafeUnwrap()?.status).toBe('sent');
    await page.context().close();
  }, 60_000);

  it('shows held approvals with why and when, and withdraws one', async () => {
    const card = await f.app.seedCard('dee', { tier: 'tier_2', status: 'approved', approvedBy: 'user:admin-pat', approvedAt: new Date().toISOString() });
    const page = await signIn('reviewer');
    await page.keyboard.press('2');
    await page.waitForSelector(`#approved-list [data-card-id="${card.id}"]`);
    const item = page.locator(`#approved-list [data-card-id="${card.id}"]`);
    expect(await item.locator('.when').textContent()).toContain('only when autonomy is enabled');
    expect(await item.textContent()).toContain('supervised tier only');
    await expectAccessible(page, 'approved page');
    await f.shot(page, 'approved');
    await item.locator('[data-action="withdraw"]').click();
    await page.waitForSelector(`#approved-list [data-card-id="${card.id}"]`, { state: 'detached' });
    expect((await f.app.composed.services.deps.store.getCard(card.id as CardId))._unsafeUnwrap()?.status).toBe('pending');
    await page.context().close();
  }, 60_000);
});

describe('unknown outcomes and the quarantine in real Chromium', () => {
  it('shows an unknown outcome with its evidence; an operator records it as not sent (confirmed, audited)', async () => {
    const card = await f.app.seedCard('eve', { status: 'queued', approvedBy: 'user:admin-pat' });
    const { store } = f.app.composed.services.deps;
    const trace = { traceId: 'trace_eve' as never, actor: 'system:dispatcher', at: new Date().toISOString(), origin: 'test' as const };
    const claimed = (await store.claimSend({ cardId: card.id, step: 0, attemptId: 'attempt_eve' as never, channel: 'ghl_email', leadKeys: card.leadKeys, contentDigest: card.contentDigest, expectedVersion: card.version, dayKey: trace.at.slice(0, 10), dailyCap: 50, trace }))._unsafeUnwrap();
    await store.recordOutcome({ cardId: card.id, step: 0, attemptId: claimed.attemptId, outcome: { state: 'unknown', reason: 'GHL timed out after the request was sent' }, trace });
    await store.appendAudit({ id: 'audit_eve_unknown', trace, action: 'send.unknown', cardId: card.id, detail: { reason: 'GHL timed out after the request was sent' } });

    const reviewer = await signIn('reviewer');
    await reviewer.keyboard.press('3');
    await reviewer.waitForSelector(`#outcomes-list [data-card-id="${card.id}"]`);
    expect(await reviewer.isVisible('[data-action="not-sent"]')).toBe(false);
    await reviewer.context().close();

    const page = await signIn('operator');
    await page.keyboard.press('3');
    const item = page.locator(`#outcomes-list [data-card-id="${card.id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Why unknown: GHL timed out after the request was sent');
    expect(await item.locator('.history').textContent()).toContain('system:dispatcher send.unknown');
    await expectAccessible(page, 'unknown outcomes page');
    await f.shot(page, 'outcomes');
    await item.getByLabel('What you checked').fill('No such message in the GHL conversation');
    await item.locator('[data-action="not-sent"]').click();
    await page.waitForSelector('#confirm-dialog[open]');
    await expectAccessible(page, 'confirmation dialog');
    await page.click('#confirm-ok');
    await item.waitFor({ state: 'detached' });
    expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()?.state).toBe('failed');
    const audit = (await store.listAudit({ cardId: card.id }))._unsafeUnwrap();
    expect(audit).toContainEqual(expect.objectContaining({ action: 'send.resolved_not_sent', trace: expect.objectContaining({ actor: 'user:operator-pat' }) }));
    await page.context().close();
  }, 60_000);

  it('shows an RB2B body that failed to parse, and discards it', async () => {
    const broken = '{"LinkedIn URL": "https://www.linkedin.com/in/zed/", "First Name": "Zed", "Seen At": ';
    const delivered = await fetch(`${f.app.base}/webhooks/rb2b?secret=${WEBHOOK_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: broken });
    expect(await delivered.json()).toMatchObject({ quarantined: true });
    const page = await signIn('operator');
    await page.keyboard.press('4');
    const item = page.locator('#quarantine-list li').first();
    await item.waitFor();
    expect(await item.locator('.card-name').textContent()).toBe('rb2b');
    expect(await item.locator('pre.raw').textContent()).toBe(broken);
    await expectAccessible(page, 'quarantine page');
    await f.shot(page, 'quarantine');
    await item.getByLabel('Note').fill('truncated test delivery');
    await item.locator('[data-action="reapply"]').click();
    await page.waitForFunction(() => document.querySelector('#toast')?.textContent?.includes('still does not parse'), undefined, { polling: 100 });
    await item.locator('[data-action="discard"]').click();
    await page.waitForFunction(() => document.querySelector('#quarantine-list li .badge.ok')?.textContent?.startsWith('discarded by user:operator-pat'), undefined, { polling: 100 });
    await page.context().close();
  }, 60_000);
});

describe('a live send without an undo window asks first', () => {
  it('cancelling the confirmation sends nothing; confirming sends once', async () => {
    const plain = await startConsoleApp(f.ghl);
    try {
      const card = await plain.seedCard('fay');
      const before = f.ghlMessages();
      const page = await signIn('reviewer', plain.base);
      await page.locator(`[data-card-id="${card.id}"] [data-action="approve"]`).focus();
      await page.keyboard.press('a');
      await page.waitForSelector('#confirm-dialog[open]');
      expect(await page.textContent('#confirm-text')).toContain('sends this e-mail to Fay Lovelace through GHL at once');
      // Focus is on Cancel: Enter alone never sends.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
      await page.keyboard.press('Escape');
      // The dialog closes asynchronously: the next 'a' must not land while it is still open.
      await page.waitForSelector('#confirm-dialog:not([open])', { state: 'attached' });
      expect(f.ghlMessages() - before).toBe(0);
      await page.keyboard.press('a');
      await page.waitForSelector('#confirm-dialog[open]');
      await page.click('#confirm-ok');
      await page.waitForFunction(() => document.querySelector('#toast')?.textContent === 'Email sent via GHL', undefined, { polling: 100 });
      expect(f.ghlMessages() - before).toBe(1);
      await page.context().close();
    } finally {
      await plain.close();
    }
  }, 60_000);
});
