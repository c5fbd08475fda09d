import type { Role } from '@caio/core';
import { FakeGhl } from '@caio/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { jobHandler } from '../../src/jobs/job-handler.js';
import { startConsoleApp, type ConsoleApp } from './console-app.js';
import { launchChromium, screenshots, signInAs } from './console-browser.js';

/** What a `/sales` browser suite works with, set once its `beforeAll` ran. */
export interface ConsoleInChromium {
  readonly ghl: FakeGhl;
  readonly app: ConsoleApp;
  readonly browser: Browser;
  /** Saves a screenshot of `page` under the suite's title, for a person to look at after the run. */
  shot(page: Page, name: string): Promise<Buffer>;
  /** A tab of `/sales` signed in with `role`'s own token (on `base`, this suite's app unless named). */
  signIn(role: Role, base?: string): Promise<Page>;
  /** Messages the fake GHL received so far. */
  ghlMessages(): number;
}

/**
 * The fixture of a `/sales` suite in real Chromium: a fake GHL, the console app over it
 * (with `env`), and the system's Chromium; started before the suite's tests and stopped
 * after them. With `runJobs`, this instance's worker runs the jobs the pages queue.
 */
export const consoleInChromium = (title: string, options: { readonly env?: Record<string, string>; readonly runJobs?: boolean } = {}): ConsoleInChromium => {
  const started: { ghl?: FakeGhl; app?: ConsoleApp; browser?: Browser; shot?: (page: Page, name: string) => Promise<Buffer> } = {};
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console fixture is used before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    started.ghl = await new FakeGhl().start();
    started.app = await startConsoleApp(started.ghl, options.env ?? {});
    if (options.runJobs) started.app.composed.services.jobs.work(jobHandler(started.app.composed.services));
    started.browser = await launchChromium();
    started.shot = screenshots(title);
  }, 60_000);
  afterAll(async () => {
    await started.browser?.close();
    if (options.runJobs) await started.app?.composed.services.jobs.close();
    await started.app?.close();
    await started.ghl?.stop();
  });
  return {
    get ghl() {
      return need(started.ghl);
    },
    get app() {
      return need(started.app);
    },
    get browser() {
      return need(started.browser);
    },
    shot: (page, name) => need(started.shot)(page, name),
    signIn: (role, base) => signInAs(need(started.browser), role, base ?? need(started.app).base),
    ghlMessages: () => need(started.ghl).count('POST', '/conversations/messages'),
  };
};
