import { webhookSetupFromEnv } from '@caio/adapters-webhooks';
import type { StateStore, StoreError } from '@caio/core';
import { errAsync } from 'neverthrow';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { replaySpool } from '../src/composition/replay-spool.js';
import { webhookIngress } from '../src/composition/webhook-ingress.js';
import { WebhookSpool } from '../src/composition/webhook-spool.js';
import { buildServer } from '../src/http/build-server.js';
import { captureLogs, startTestApp, TOKEN, type TestApp } from './support/test-app.js';

const SECRET = 'shared-secret-0123456789';
const ENV = {
  INSTANTLY_WEBHOOK_SECRET: SECRET,
  CLAY_WEBHOOK_SECRET: SECRET,
  RB2B_WEBHOOK_SECRET: SECRET,
  HEYREACH_WEBHOOK_SECRET: SECRET,
  GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`,
};
const VISITOR = JSON.stringify({ 'LinkedIn URL': 'https://www.linkedin.com/in/ada/', 'First Name': 'Ada', 'Last Name': 'Lovelace', Title: 'CTO', 'Company Name': 'Acme', 'Business Email': 'ada@acme.com', Website: 'https://acme.com', 'Seen At': '2026-03-02T20:00:00.000+00:00', 'Captured URL': 'https://ourapp.com/pricing' });
const DRIVER_TEXT = 'connect ECONNREFUSED 10.0.0.5:6379';

/** The store as a Redis outage makes it: every call fails with the driver's text, until `up()`. */
const outage = (inner: StateStore) => {
  let down = true;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'close' || property === 'health') return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => (down ? errAsync<never, StoreError>({ _tag: 'StoreUnavailable', message: DRIVER_TEXT }) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return { store, up: () => void (down = false) };
};

interface Outage {
  readonly t: TestApp;
  readonly up: () => void;
  readonly logs: string[];
  readonly spool: WebhookSpool;
}

let running: Outage | null = null;
afterEach(async () => running?.t.app.close());

/** The app with the real webhook verification, its store down, its logs captured. */
const startDuringOutage = async (spool = new WebhookSpool(join(mkdtempSync(join(tmpdir(), 'caio-spool-')), 'webhook-spool')), ingress: 'real' | 'test' = 'real'): Promise<Outage> => {
  const t = await startTestApp();
  await t.app.close();
  const { store, up } = outage(t.store);
  const webhooks = ingress === 'real' ? webhookIngress(webhookSetupFromEnv(ENV)._unsafeUnwrap()) : t.services.webhooks;
  const services = { ...t.services, spool, deps: { ...t.services.deps, store }, webhooks };
  const { sink, lines: logs } = captureLogs();
  const app = await buildServer(services, pino({ level: 'info' }, sink));
  await app.ready();
  running = { t: { ...t, app, services }, up, logs, spool };
  return running;
};

const rb2b = (o: Outage, payload: string) => o.t.app.inject({ method: 'POST', url: `/webhooks/rb2b?secret=${SECRET}`, headers: { 'content-type': 'application/json' }, payload });

describe('webhooks while the store is down', () => {
  it('an RB2B visitor is spooled durably before the 200, shown in readiness, and arrives once the store is back', async () => {
    const o = await startDuringOutage();
    const answer = await rb2b(o, VISITOR);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ accepted: true, spooled: true });
    expect((await o.t.app.inject({ method: 'GET', url: '/readyz' })).json().webhook_spool).toMatchObject({ pending: 1 });
    // Still down: the replay keeps it.
    expect(await replaySpool(o.t.services.deps, o.spool, o.t.services.deps.logger)).toEqual({ replayed: 0, left: 1, setAside: 0 });
    // A damaged entry (a disk error, a hand edit) is set aside, never blocking the rest.
    writeFileSync(join(o.spool.dir, '0000-damaged.json'), '{"kind": "events", "provider"');
    o.up();
    expect(await replaySpool(o.t.services.deps, o.spool, o.t.services.deps.logger)).toEqual({ replayed: 1, left: 0, setAside: 1 });
    expect(o.spool.status()).toMatchObject({ pending: 0, unreadable: 1 });
    const leads = (await o.t.store.listLeads({ limit: 10 }))._unsafeUnwrap().items;
    expect(leads.map((l) => l.identity.email)).toEqual(['ada@acme.com']);
    expect((await o.t.app.inject({ method: 'GET', url: '/readyz' })).json().webhook_spool).toMatchObject({ pending: 0 });
    // The delivery, re-sent by hand, is a duplicate: nothing twice.
    expect((await rb2b(o, VISITOR)).json()).toMatchObject({ accepted: true, applied: 0, duplicates: 1 });
  });

  it('says so at error level, with the event id, when the spool cannot keep the delivery either', async () => {
    const blocked = mkdtempSync(join(tmpdir(), 'caio-spool-'));
    writeFileSync(join(blocked, 'webhook-spool'), 'a file where the spool directory should be');
    const o = await startDuringOutage(new WebhookSpool(join(blocked, 'webhook-spool')));
    const answer = await rb2b(o, VISITOR);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ accepted: false, spooled: false });
    const lost = o.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).includes('LOST'));
    expect(lost).toMatchObject({ level: 50, provider: 'rb2b', eventIds: [expect.stringMatching(/.+/)] });
  });

  it('a quarantine that could not be written is never answered "quarantined"', async () => {
    // A provider that retries (any but RB2B, with an ingress that quarantines for it) gets a 503 and retries.
    const other = await startDuringOutage(undefined, 'test');
    const instantly = await other.t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'application/json', 'x-test-signature': 'valid' }, payload: '{"invalid": true}' });
    expect(instantly.statusCode).toBe(503);
    expect(instantly.json()).not.toHaveProperty('quarantined');
    await other.t.app.close();
    const o = await startDuringOutage();
    const invalid = '{"First Name": "Ada"}';
    const visitor = await rb2b(o, invalid);
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json()).toMatchObject({ accepted: false, quarantined: false, spooled: true });
    o.up();
    await replaySpool(o.t.services.deps, o.spool, o.t.services.deps.logger);
    expect((await o.t.store.listQuarantine(5))._unsafeUnwrap()).toEqual([expect.objectContaining({ provider: 'rb2b', body: invalid })]);
  });

  it('503 bodies carry our own text, never the driver\'s', async () => {
    const o = await startDuringOutage(undefined, 'test');
    const event = { type: 'EmailBounced', eventId: 'evt_bounce_1', provider: 'instantly', occurredAt: '2026-03-02T20:00:00.000Z', lead: { email: 'ada@acme.example' }, channel: 'instantly' };
    const answers = [
      await o.t.app.inject({ method: 'GET', url: '/api/queue', headers: { 'x-dashboard-token': TOKEN } }),
      await o.t.app.inject({ method: 'POST', url: '/webhooks/instantly', headers: { 'content-type': 'application/json', 'x-test-signature': 'valid' }, payload: JSON.stringify({ events: [event] }) }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(503);
      expect(answer.body).not.toContain('ECONNREFUSED');
      expect(answer.body).not.toContain('10.0.0.5');
      expect(answer.json()).toMatchObject({ error: 'StoreUnavailable', message: expect.stringContaining('state store is unavailable') });
    }
    // The detail is in the log, for the operator.
    expect(o.logs.join('')).toContain('ECONNREFUSED');
  });
});
