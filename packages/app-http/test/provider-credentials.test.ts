import { silentLogger } from '@caio/core';
import { aCard, aLead, FakeGhl, FakeHeyReach, FakeInstantly } from '@caio/testkit';
import { errAsync, okAsync } from 'neverthrow';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderCredentialMonitor } from '../src/composition/provider-credential-monitor.js';
import { liveChannels } from '../src/composition/live-channels.js';
import { parseConfig } from '../src/config/parse-config.js';
import { buildServer } from '../src/http/build-server.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

/** Issue 15, finding 14: each live provider's credentials are checked; a refused one holds its sends. */
const fakes: { stop(): Promise<void> }[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const fake of fakes.splice(0)) await fake.stop();
});
const started = async <T extends { start(): Promise<T>; stop(): Promise<void> }>(fake: T): Promise<T> => {
  fakes.push(fake);
  return fake.start();
};

const live = async (env: Record<string, string>) => {
  const config = parseConfig({ DASHBOARD_AUTH_TOKEN: 'a-dashboard-token-of-enough-length', ...env })._unsafeUnwrap();
  const setup = await liveChannels(config, silentLogger);
  closers.push(() => setup.close());
  return setup;
};

describe('provider credential checks (live mode)', () => {
  it('checks every provider at start with a cheap authenticated read: valid, refused (invalid) or unreachable', async () => {
    const [ghl, instantly, heyreach] = [await started(new FakeGhl()), await started(new FakeInstantly()), await started(new FakeHeyReach())];
    const good = await live(liveProviderEnv({ ghl, instantly, heyreach }));
    expect(good.credentials?.()).toEqual({
      ghl_email: { state: 'valid', checkedAt: expect.any(String) },
      instantly: { state: 'valid', checkedAt: expect.any(String) },
      heyreach: { state: 'valid', checkedAt: expect.any(String) },
    });
    expect(ghl.requestsWhere({ route: 'GET /contacts/search/duplicate' }).at(-1)?.query).toMatchObject({ locationId: ghl.locationId });
    expect(instantly.requestsWhere({ route: 'GET /campaigns' }).some((r) => r.query.limit === '1')).toBe(true);
    expect(heyreach.count('GET /auth/CheckApiKey')).toBe(1);

    instantly.setMode({ kind: 'server_error' });
    const bad = await live({ ...liveProviderEnv({ ghl, instantly, heyreach }), GHL_API_TOKEN: 'revoked-token', HEYREACH_API_KEY: 'revoked-key' });
    const credentials = bad.credentials?.() ?? {};
    expect(credentials.ghl_email).toMatchObject({ state: 'invalid', detail: expect.stringContaining('401') });
    expect(credentials.heyreach).toMatchObject({ state: 'invalid' });
    expect(credentials.instantly).toMatchObject({ state: 'unreachable' });
    expect(JSON.stringify(credentials)).not.toContain('revoked-token');
  });

  it('denies dispatch to a provider whose credentials failed with the named rule, sends nothing, and reports provider_api in readiness', async () => {
    const ghl = await started(new FakeGhl());
    const setup = await live({ ...liveProviderEnv({ ghl }), SEND_CHANNELS: 'ghl_email', GHL_API_TOKEN: 'revoked-token' });
    const t: TestApp = await startTestApp();
    await t.app.close();
    const services = { ...t.services, deps: { ...t.services.deps, channels: setup.channels, providerCredentials: setup.credentials! } };
    const app = await buildServer(services, (await import('pino')).default({ level: 'silent' }));
    closers.push(() => app.close());
    const lead = aLead('ada');
    await t.store.putLead(lead, null);
    await t.store.putCard(aCard('card_1', lead), null);
    const approved = await app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth });
    expect(approved.json().send.denials).toEqual([expect.objectContaining({ rule: 'provider_credentials_failed', detail: expect.stringContaining('ghl_email') })]);
    expect(ghl.count('POST /conversations/messages')).toBe(0);
    const ready = (await app.inject({ method: 'GET', url: '/readyz' })).json();
    expect(ready.provider_api).toEqual({ ghl: { state: 'invalid', checked_at: expect.any(String), healthy: false, detail: expect.stringContaining('401') } });
  });

  it('re-checks on each run: a refused provider is released once a check passes, and only a 401/403 counts as refused', async () => {
    let answer: 'ok' | 401 | 403 | 500 = 401;
    const monitor = new ProviderCredentialMonitor({ heyreach: () => (answer === 'ok' ? okAsync(undefined) : errAsync({ _tag: answer === 500 ? 'SendUnknown' : 'SendRejected', status: answer, message: `answered ${answer}` } as const)) }, () => new Date('2026-03-02T20:30:00Z'), silentLogger);
    expect(monitor.credentials()).toEqual({ heyreach: { state: 'unchecked', checkedAt: null } });
    const states: string[] = [];
    for (const next of [401, 403, 500, 'ok'] as const) {
      answer = next;
      await monitor.checkAll();
      states.push(monitor.credentials().heyreach!.state);
    }
    expect(states).toEqual(['invalid', 'invalid', 'unreachable', 'valid']);
  });
});
