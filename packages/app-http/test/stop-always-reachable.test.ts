import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import 'reflect-metadata';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { composeApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { buildServer } from '../src/http/build-server.js';
import { caio, fileStoreEnv, redisPrefixes } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';
import { auth, startTestApp, TOKEN, type TestApp } from './support/test-app.js';

const OPERATOR_ADDRESS = '203.0.113.10';
const wrong = (i: number) => ({ 'x-dashboard-token': `attacker-guess-${i}-xxxxxxxxxxxxxxxx` });

const apps: TestApp[] = [];
const dirs: string[] = [];
afterAll(async () => removeRedisPrefixes(redisPrefixes));
afterEach(async () => {
  for (const t of apps.splice(0)) await t.app.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const start = async (env: Record<string, string> = {}) => {
  const t = await startTestApp(env);
  apps.push(t);
  return t;
};

describe('the emergency stop under a lockout attack', () => {
  it('a valid token engages the stop on every try while wrong tokens flood from the same address (70 s of attack on a manual clock)', async () => {
    const t = await start();
    const operatorCodes: number[] = [];
    const attackerCodes: number[] = [];
    // 70 seconds; the attacker sends ten wrong tokens every ten seconds (six times the
    // lockout threshold per minute), the operator tries to engage the stop every two.
    for (let second = 0; second < 70; second++) {
      if (second % 10 === 0) {
        for (let i = 0; i < 10; i++) attackerCodes.push((await t.app.inject({ method: 'GET', url: '/api/queue', remoteAddress: OPERATOR_ADDRESS, headers: wrong(second * 10 + i) })).statusCode);
      }
      if (second % 2 === 0) {
        const engaged = await t.app.inject({ method: 'POST', url: '/api/controls/emergency-stop', remoteAddress: OPERATOR_ADDRESS, headers: auth, payload: { engaged: true, reason: `attack in progress (${second}s)` } });
        operatorCodes.push(engaged.statusCode);
      }
      t.clock.advance(1_000);
    }
    expect(operatorCodes).toHaveLength(35);
    expect(operatorCodes.every((c) => c === 200)).toBe(true);
    // The lockout still answers the attacker.
    expect(attackerCodes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(attackerCodes.every((c) => c === 401 || c === 429)).toBe(true);
    expect((await t.store.getControls())._unsafeUnwrap().emergencyStop).toMatchObject({ engaged: true });
  });

  it('counts failures per presented token too: one wrong token is locked out whatever address it comes from', async () => {
    const t = await start({ TRUST_PROXY: '127.0.0.1' });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { ...wrong(0), 'x-forwarded-for': `198.51.100.${i + 1}` } })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    // Another wrong token from a fresh address is simply refused, not locked out.
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { ...wrong(1), 'x-forwarded-for': '198.51.100.200' } })).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For by default, so a spoofed header cannot dodge the address count', async () => {
    const t = await start();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { ...wrong(i), 'x-forwarded-for': `198.51.100.${i + 1}` } })).statusCode);
    expect(codes[10]).toBe(429);
  });

  it('with TRUST_PROXY, counts each client behind the proxy on its own', async () => {
    const t = await start({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' });
    for (let i = 0; i < 10; i++) await t.app.inject({ method: 'GET', url: '/api/queue', headers: { ...wrong(i), 'x-forwarded-for': '198.51.100.7' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { ...wrong(99), 'x-forwarded-for': '198.51.100.7' } })).statusCode).toBe(429);
    // A colleague behind the same proxy with a typo is refused, not locked out.
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { ...wrong(100), 'x-forwarded-for': '198.51.100.8' } })).statusCode).toBe(401);
    // A proxy not listed cannot speak for its client.
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', remoteAddress: '192.0.2.1', headers: { ...wrong(101), 'x-forwarded-for': '198.51.100.9' } })).statusCode).toBe(401);
  });

  it('locks out an address again after the window, and lets it back in after it', async () => {
    const t = await start();
    for (let i = 0; i < 10; i++) await t.app.inject({ method: 'GET', url: '/api/queue', headers: wrong(i) });
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: wrong(50) })).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: { 'x-dashboard-token': TOKEN } })).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/queue', headers: wrong(51) })).statusCode).toBe(401);
  });

  it('an operator engages the stop through the API and through the CLI (no token, store only) while the attack runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caio-stop-'));
    dirs.push(dir);
    const env = { STATE_DIR: dir, DEMO_SEED: 'false', LOG_LEVEL: 'silent', DASHBOARD_AUTH_TOKEN: TOKEN, USER: 'ops-alice' };
    const loaded = (await loadConfiguration(env))._unsafeUnwrap();
    const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
    const app = await buildServer(composed.services, pino({ level: 'silent' }));
    try {
      const attack = async (round: number) => {
        for (let i = 0; i < 10; i++) await app.inject({ method: 'GET', url: '/api/queue', remoteAddress: OPERATOR_ADDRESS, headers: wrong(round * 10 + i) });
      };
      await attack(0);
      const viaApi = await app.inject({ method: 'POST', url: '/api/controls/emergency-stop', remoteAddress: OPERATOR_ADDRESS, headers: auth, payload: { engaged: true, reason: 'lockout attack, engaging from the dashboard' } });
      expect(viaApi.statusCode).toBe(200);
      const released = await app.inject({ method: 'POST', url: '/api/controls/emergency-stop', remoteAddress: OPERATOR_ADDRESS, headers: auth, payload: { engaged: false, reason: 'drill: release to engage again from the CLI' } });
      expect(released.statusCode).toBe(200);
      // The CLI while the attack goes on.
      const [cli] = await Promise.all([caio(['stop', 'engage', '--reason', 'API unreachable for us; engaging from the host'], env), attack(1)]);
      expect(cli.err).toBe('');
      expect(cli.code).toBe(0);
      expect(cli.out).toContain('ENGAGED by cli:ops-alice');
      const status = await caio(['stop', 'status', '--json'], env);
      expect(JSON.parse(status.out).emergency_stop).toMatchObject({ engaged: true, by: 'cli:ops-alice', reason: 'API unreachable for us; engaging from the host' });
      // The running app sees the CLI's stop at once (it reads the store), and the audit names the operator.
      const seen = await app.inject({ method: 'GET', url: '/api/controls/emergency-stop', remoteAddress: OPERATOR_ADDRESS, headers: auth });
      expect(seen.json().emergency_stop).toMatchObject({ engaged: true, by: 'cli:ops-alice' });
      const audit = (await composed.services.deps.store.listAudit({ limit: 100 }))._unsafeUnwrap();
      expect(audit.filter((a) => a.action === 'controls.stop_engaged').map((a) => a.trace.actor)).toEqual(expect.arrayContaining(['user:admin', 'cli:ops-alice']));
      const named = await caio(['stop', 'engage', '--reason', 'second engage, named actor', '--actor', 'bob'], env);
      expect(named.out).toContain('ENGAGED by cli:bob');
      expect((await caio(['stop', 'engage'], env)).code).toBe(2);
    } finally {
      await app.close();
      await composed.state.store.close();
    }
  });

  it('engages the stop on Redis with no app running, even while the store blocks sends (epoch marker missing)', async () => {
    const env = fileStoreEnv({ STATE_BACKEND: 'redis', REDIS_KEY_PREFIX: `caio-stop-${process.pid}-${Date.now()}`, USER: 'ops-bob' });
    redisPrefixes.push(env.REDIS_KEY_PREFIX!);
    dirs.push(env.STATE_DIR!);
    const engaged = await caio(['stop', 'engage', '--reason', 'Redis was emptied; nothing goes out until we know'], env);
    expect(engaged.err).toBe('');
    expect(engaged.code).toBe(0);
    expect(JSON.parse((await caio(['stop', 'status', '--json'], env)).out).emergency_stop).toMatchObject({ engaged: true, by: 'cli:ops-bob' });
  });
});
