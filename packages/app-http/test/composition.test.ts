import { Clock, OutboundChannels, StateStore } from '@caio/core';
import { appendFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import 'reflect-metadata';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { composeApp, resolve } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { runStartup } from '../src/composition/startup.js';
import { initRedisPrefix, removeRedisPrefixes } from './support/redis-cleanup.js';
import { captureLogs } from './support/test-app.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-app-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('composition root', () => {
  it('composes a sandbox app on the file store with generated local secrets in strict mode', async () => {
    const dir = freshDir();
    const loaded = (await loadConfiguration({ STATE_DIR: dir }))._unsafeUnwrap();
    expect(loaded.localSecretsPath).toBe(join(dir, 'local-secrets.json'));
    expect(statSync(loaded.localSecretsPath!).mode & 0o777).toBe(0o600);
    expect(loaded.webhooks.guard.strict).toBe(true);
    const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
    const store = resolve(composed.container, StateStore);
    expect((await store.health())._unsafeUnwrap()).toMatchObject({ ok: true, backend: 'file' });
    expect(Object.values(resolve(composed.container, OutboundChannels)).every((c) => c?.sandbox)).toBe(true);
    expect(resolve(composed.container, Clock).now()).toBeInstanceOf(Date);
    const report = await runStartup(composed.services.deps, loaded.config);
    expect(report.seededCards).toBe(6);
    expect((await runStartup(composed.services.deps, loaded.config)).seededCards).toBe(0);
    await store.close();
    // A restart reuses the same token.
    const again = (await loadConfiguration({ STATE_DIR: dir }))._unsafeUnwrap();
    expect(again.config.dashboard.tokens).toEqual(loaded.config.dashboard.tokens);
  });

  it('logs a torn journal tail the file store cut on open, with what it cut', async () => {
    const dir = freshDir();
    const loaded = (await loadConfiguration({ STATE_DIR: dir, DEMO_SEED: 'false' }))._unsafeUnwrap();
    const first = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
    await runStartup(first.services.deps, loaded.config);
    await first.state.store.close();
    appendFileSync(join(dir, 'journal-0.log'), '{"seq":99,"changes":[["leads","torn-tail-marker"');
    const { sink, lines } = captureLogs();
    const again = (await composeApp(loaded, pino({ level: 'warn' }, sink)))._unsafeUnwrap();
    await again.state.store.close();
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).includes('torn journal tail'));
    expect(warning).toMatchObject({ file: join(dir, 'journal-0.log'), reason: 'torn', preview: expect.stringContaining('torn-tail-marker') });
  });

  it("refuses strict webhooks with a provider left unauthenticated, naming it (GHL is checked with GHL's published key by default)", async () => {
    const dir = freshDir();
    const result = await loadConfiguration({ STATE_DIR: dir, DASHBOARD_AUTH_TOKEN: 'a-dashboard-token-of-enough-length', INSTANTLY_WEBHOOK_SECRET: 'instantly-secret-0123456789' });
    const variables = result._unsafeUnwrapErr().map((p) => p.variable);
    expect(variables).toEqual(['HEYREACH_WEBHOOK_SECRET', 'CLAY_WEBHOOK_SECRET', 'RB2B_WEBHOOK_SECRET']);
    expect(existsSync(join(dir, 'local-secrets.json'))).toBe(false);
  });

  it('starts with HeyReach unsigned only when allowlisted', async () => {
    const env = {
      STATE_DIR: freshDir(),
      DASHBOARD_AUTH_TOKEN: 'a-dashboard-token-of-enough-length',
      WEBHOOK_BEARER_TOKEN: 'bearer-secret-0123456789',
      RB2B_WEBHOOK_SECRET: 'rb2b-secret-0123456789',
      GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`,
    };
    expect((await loadConfiguration(env))._unsafeUnwrapErr().map((p) => p.variable)).toEqual(['HEYREACH_WEBHOOK_SECRET']);
    const loaded = (await loadConfiguration({ ...env, HEYREACH_UNSIGNED_ALLOWLIST: 'true' }))._unsafeUnwrap();
    expect(loaded.webhooks.guard.status().heyreach).toMatchObject({ unsigned_allowlisted: true, healthy: true });
  });

  it('needs provider credentials for live sending and never generates secrets for it', async () => {
    const dir = freshDir();
    const result = await loadConfiguration({ STATE_DIR: dir, SEND_MODE: 'live' });
    expect(result._unsafeUnwrapErr().map((p) => p.variable)).toEqual(expect.arrayContaining(['GHL_API_TOKEN', 'INSTANTLY_API_KEY', 'HEYREACH_API_KEY', 'DASHBOARD_AUTH_TOKEN']));
    expect(existsSync(join(dir, 'local-secrets.json'))).toBe(false);
  });
});

describe('composition root on Redis', () => {
  const prefixes: string[] = [];
  afterAll(async () => removeRedisPrefixes(prefixes));
  const base = async (dir: string) => {
    const prefix = `caio-app-test-${process.pid}-${Date.now()}-${prefixes.length}`;
    prefixes.push(prefix);
    await initRedisPrefix(prefix);
    return { STATE_DIR: dir, REDIS_KEY_PREFIX: prefix };
  };

  it('composes the Redis backend and the dual backend (Redis primary, file secondary)', async () => {
    for (const backend of ['redis', 'dual'] as const) {
      const loaded = (await loadConfiguration({ ...(await base(freshDir())), STATE_BACKEND: backend, ...(backend === 'dual' ? { STATE_DUAL_READ_ENABLED: 'true', STATE_FILE_FALLBACK_WRITE: 'true' } : {}) }))._unsafeUnwrap();
      const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
      const store = resolve(composed.container, StateStore);
      const health = (await store.health())._unsafeUnwrap();
      expect(health).toMatchObject({ ok: true, backend: backend === 'redis' ? 'redis' : 'dual(redis+file)' });
      expect(health.sendsBlocked).toBeUndefined();
      expect(composed.services.drift() === null).toBe(backend === 'redis');
      await store.close();
    }
  });

  it('starts unready, not refusing, when Redis is unreachable', async () => {
    const loaded = (await loadConfiguration({ ...(await base(freshDir())), STATE_BACKEND: 'redis', REDIS_URL: 'redis://127.0.0.1:1' }))._unsafeUnwrap();
    const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
    const health = (await composed.services.deps.store.health())._unsafeUnwrap();
    expect(health.ok).toBe(false);
    expect(health.sendsBlocked).toContain('unreachable');
    await composed.services.deps.store.close();
  });
});
