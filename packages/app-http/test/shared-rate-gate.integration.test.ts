import { OutboundChannels, StateStore } from '@caio/core';
import { InstantlyChannel } from '@caio/adapters-instantly';
import { FakeInstantly } from '@caio/testkit';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, resolve, type ComposedApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { initRedisPrefix, removeRedisPrefixes, TEST_REDIS_URL } from './support/redis-cleanup.js';

const API_KEY = 'instantly-shared-gate-key';
const SECRET = 'shared-gate-webhook-secret-0123456789';
// Instantly publishes 100 requests per second; the fake enforces exactly that (429 beyond).
const PER_INSTANCE = 130;

let fake: FakeInstantly;
const dirs: string[] = [];
beforeAll(async () => {
  fake = await new FakeInstantly(API_KEY, ['cmp-1']).start();
});
afterAll(async () => {
  await fake.stop();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** One app instance in live mode against the fake, on Redis under `prefix` or on its own file store. */
const instance = async (backend: { redisPrefix: string } | 'file'): Promise<ComposedApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-gate-'));
  dirs.push(dir);
  const env: Record<string, string> = {
    STATE_DIR: dir,
    SEND_MODE: 'live',
    SEND_CHANNELS: 'instantly',
    INSTANTLY_API_KEY: API_KEY,
    INSTANTLY_BASE_URL: fake.baseUrl,
    DASHBOARD_AUTH_TOKEN: 'shared-gate-dashboard-token-0123456789',
    WEBHOOK_BEARER_TOKEN: SECRET,
    RB2B_WEBHOOK_SECRET: SECRET,
    HEYREACH_WEBHOOK_SECRET: SECRET,
    GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`,
    LOG_LEVEL: 'silent',
    ...(backend === 'file' ? {} : { STATE_BACKEND: 'redis', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: backend.redisPrefix }),
  };
  const loaded = (await loadConfiguration(env))._unsafeUnwrap();
  return (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
};

/** Both instances list campaigns `PER_INSTANCE` times at once; returns how many answers were ok. */
const burst = async (apps: readonly ComposedApp[]): Promise<number> => {
  const channels = apps.map((app) => resolve(app.container, OutboundChannels).instantly as InstantlyChannel);
  const results = await Promise.all(channels.flatMap((channel) => Array.from({ length: PER_INSTANCE }, () => channel.listCampaigns())));
  return results.filter((r) => r.isOk()).length;
};

const close = async (apps: readonly ComposedApp[]) => {
  for (const app of apps) {
    await app.closeChannels();
    await resolve(app.container, StateStore).close();
  }
};

describe('provider rate limits across instances', () => {
  it('two instances on one Redis share the provider account gate and stay under its limit together', async () => {
    const prefix = `caio-gate-${process.pid}-${Date.now()}`;
    await initRedisPrefix(prefix);
    const apps = [await instance({ redisPrefix: prefix }), await instance({ redisPrefix: prefix })];
    fake.setRateLimit({ limit: 100, windowMs: 1_000 });
    const before = fake.requests.length;
    expect(await burst(apps)).toBe(2 * PER_INSTANCE);
    // Every request was answered without a 429, and no second of the fake saw more than 100.
    expect(fake.requests.length - before).toBe(2 * PER_INSTANCE);
    expect(fake.maxInWindow).toBeLessThanOrEqual(100);
    // One gate for the account, named by a digest of the key, never by the key itself.
    const redis = new Redis(TEST_REDIS_URL);
    const gates = await redis.keys(`{${prefix}:rate:*`);
    redis.disconnect();
    expect(gates).toHaveLength(1);
    expect(gates[0]).toMatch(/^\{[^}]+:rate:instantly:key-[0-9a-f]{16}\}$/);
    expect(gates[0]).not.toContain(API_KEY);
    await close(apps);
    await removeRedisPrefixes([prefix]);
  }, 30_000);

  it('two instances on their own file stores each take the whole limit (what the shared gate prevents)', async () => {
    const apps = [await instance('file'), await instance('file')];
    fake.setRateLimit({ limit: 100, windowMs: 1_000 });
    await burst(apps);
    // Each paces itself at 100 per second, so together they exceed the provider's limit.
    expect(fake.maxInWindow).toBeGreaterThan(100);
    await close(apps);
  }, 30_000);
});
