import { initialControls } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type ComposedApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { buildServer } from '../src/http/build-server.js';
import { periodicWork } from '../src/jobs/periodic-work.js';
import { runningVersion } from '../src/replay/running-version.js';
import { initRedisPrefix, removeRedisPrefixes } from './support/redis-cleanup.js';

/*
 * The webhook authentication breaker across instances: two app instances share one Redis;
 * a prober spreads bad deliveries over both. Each instance alone sees fewer failures than
 * AUTONOMY_WEBHOOK_AUTH_FAILURES_MAX, together they see more: the count lives in the
 * store, so the autonomy tick on either instance falls back to supervised.
 */

const TOKEN = 'auth-breaker-dashboard-token-0123456789';
const SECRET = 'auth-breaker-webhook-secret-0123456789';
const MAX = 10;
const PER_INSTANCE = 6;
const PREFIX = `caio-auth-breaker-${process.pid}-${Date.now()}`;

interface Instance {
  readonly composed: ComposedApp;
  readonly app: FastifyInstance;
  readonly base: string;
  readonly dir: string;
}
const instances: Instance[] = [];

const start = async (): Promise<Instance> => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-auth-breaker-'));
  const loaded = (
    await loadConfiguration({
      STATE_DIR: dir,
      STATE_BACKEND: 'redis',
      REDIS_KEY_PREFIX: PREFIX,
      DASHBOARD_AUTH_TOKEN: TOKEN,
      INSTANTLY_WEBHOOK_SECRET: SECRET,
      CLAY_WEBHOOK_SECRET: SECRET,
      RB2B_WEBHOOK_SECRET: SECRET,
      HEYREACH_WEBHOOK_SECRET: SECRET,
      GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('auth-breaker-standard-key').toString('base64')}`,
      AUTONOMY_WEBHOOK_AUTH_FAILURES_MAX: String(MAX),
      SCHEDULED_WORK_ENABLED: 'false',
    })
  )._unsafeUnwrap();
  const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  const app = await buildServer(composed.services, pino({ level: 'silent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { composed, app, dir, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
};

const probe = async (instance: Instance, times: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    const response = await fetch(`${instance.base}/webhooks/instantly`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': 'a-wrong-secret' }, body: JSON.stringify({ event_type: 'email_sent' }) });
    statuses.push(response.status);
  }
  return statuses;
};

const autonomyTick = (instance: Instance) => periodicWork(instance.composed.services)['autonomy-tick']();

beforeAll(async () => {
  await initRedisPrefix(PREFIX);
  instances.push(await start(), await start());
  const store = instances[0]!.composed.services.deps.store;
  const at = new Date().toISOString();
  // Autonomous, with a passing replay gate for the running code, so only the breaker under test can trip.
  (await store.putControls({ ...initialControls(at), mode: 'autonomous', replayGate: { passRate: 1, cases: 50, at, version: runningVersion() }, version: 1 }, 0))._unsafeUnwrap();
}, 60_000);

afterAll(async () => {
  for (const i of instances) {
    await i.app.close();
    await i.composed.services.jobs.close();
    await i.composed.state.store.close();
    rmSync(i.dir, { recursive: true, force: true });
  }
  await removeRedisPrefixes([PREFIX]);
});

describe('webhook authentication failures shared by two instances on one Redis', () => {
  it('trips the breaker together where each instance alone stays under the limit', async () => {
    const [a, b] = instances as [Instance, Instance];
    expect(await probe(a, PER_INSTANCE)).toEqual(Array.from({ length: PER_INSTANCE }, () => 401));
    // One instance's share alone: under the limit, autonomy stays on.
    expect(await autonomyTick(b)).toMatchObject({ _tag: 'Done', summary: expect.stringContaining('approved by system:autonomy') });
    expect((await b.composed.services.webhookAuthFailures.count(new Date()))._unsafeUnwrap()).toBe(PER_INSTANCE);

    expect(await probe(b, PER_INSTANCE)).toEqual(Array.from({ length: PER_INSTANCE }, () => 401));
    // Both shares: 12 > 10, seen by either instance.
    expect((await a.composed.services.webhookAuthFailures.count(new Date()))._unsafeUnwrap()).toBe(2 * PER_INSTANCE);
    expect(await autonomyTick(a)).toEqual({ _tag: 'Done', summary: 'fell back to supervised: webhook_auth_failures' });
    const store = b.composed.services.deps.store;
    expect((await store.getControls())._unsafeUnwrap().mode).toBe('supervised');
    const fallback = (await store.listAudit({ limit: 1000 }))._unsafeUnwrap().filter((e) => e.action === 'autonomy.fallback');
    expect(fallback[0]?.detail).toMatchObject({ trips: [{ breaker: 'webhook_auth_failures', detail: `${2 * PER_INSTANCE} webhook authentication failures in 15 min (limit ${MAX})` }] });
  });
});
