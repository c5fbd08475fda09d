import type { StoreRecord } from '@caio/core';
import { freePort } from '@caio/testkit';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/command.js';
import { smokeCommand } from '../src/cli/commands/smoke.js';
import { dispatch } from '../src/cli/dispatch.js';
import { AUTH_QUERY_TOKEN } from '../src/cli/smoke/auth-checks.js';
import { CORS_UNKNOWN } from '../src/cli/smoke/cors-checks.js';
import { LIVENESS, READINESS_DASHBOARD, READINESS_WEBHOOKS } from '../src/cli/smoke/health-checks.js';
import { inertProbe } from '../src/cli/smoke/inert-webhook-events.js';
import type { SmokeCheck } from '../src/cli/smoke/smoke-check.js';
import { authenticatedProbeName, unauthenticatedProbeName } from '../src/cli/smoke/webhook-probes.js';
import { composeApp, type ComposedApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { runStartup } from '../src/composition/startup.js';
import { buildServer } from '../src/http/build-server.js';
import { initRedisPrefix, removeRedisPrefixes } from './support/redis-cleanup.js';

const TOKEN = 'smoke-dashboard-token-0123456789abcdef';
const ORIGIN = 'https://ops.smoke.example';
const SECRETS = {
  INSTANTLY_WEBHOOK_SECRET: 'smoke-instantly-secret-0123456789',
  CLAY_WEBHOOK_SECRET: 'smoke-clay-secret-0123456789abcd',
  RB2B_WEBHOOK_SECRET: 'smoke-rb2b-secret-0123456789abcd',
  HEYREACH_WEBHOOK_SECRET: 'smoke-heyreach-secret-0123456789',
  GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('smoke-twenty-four-bytes-of-key!!').toString('base64')}`,
};
const PREFIX = `caio-smoke-${process.pid}-${Date.now()}`;
const startedPrefixes: string[] = [];
const prefixFor = (name: string): string => {
  const prefix = `${PREFIX}-${name}`;
  startedPrefixes.push(prefix);
  return prefix;
};

interface RunningApp {
  readonly base: string;
  readonly composed: ComposedApp;
  close(): Promise<void>;
}

const dirs: string[] = [];
const running: RunningApp[] = [];

/** The app as `caio serve` composes it, on loopback, state in Redis under its own prefix, sandbox sends. */
const startApp = async (name: string, env: Record<string, string>): Promise<RunningApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-smoke-'));
  dirs.push(dir);
  const prefix = prefixFor(name);
  await initRedisPrefix(prefix);
  const loaded = (
    await loadConfiguration({
      STATE_DIR: dir,
      STATE_BACKEND: 'redis',
      REDIS_KEY_PREFIX: prefix,
      SEND_MODE: 'sandbox',
      DEMO_SEED: 'false',
      DASHBOARD_AUTH_TOKEN: TOKEN,
      CORS_ALLOWED_ORIGINS: ORIGIN,
      ...env,
    })
  )._unsafeUnwrap();
  const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  await runStartup(composed.services.deps, loaded.config);
  const app: FastifyInstance = await buildServer(composed.services, pino({ level: 'silent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const started: RunningApp = {
    base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    composed,
    close: async () => {
      await app.close();
      await composed.state.store.close();
      await composed.closeChannels();
    },
  };
  running.push(started);
  return started;
};

/** A misconfigured proxy in front of the app: it reflects every request's Origin. */
const reflectingProxy = async (target: string): Promise<{ base: string; server: Server }> => {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers, ...(req.headers.origin ? { 'access-control-allow-origin': req.headers.origin } : {}) };
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
};

interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly summary: { passed: boolean; checks: SmokeCheck[] };
  readonly failed: string[];
  check(name: string): SmokeCheck;
}

const smoke = async (args: string[], env: Record<string, string> = { CAIO_DASHBOARD_TOKEN: TOKEN, ...SECRETS }): Promise<CliRun> => {
  let out = '';
  let err = '';
  // Nothing is ever confirmed: smoke asks no questions.
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), confirm: async () => false };
  const code = await dispatch([smokeCommand], ['smoke', ...args], env, io);
  const lastLine = out.trimEnd().split('\n').at(-1) ?? '';
  const summary = (lastLine.startsWith('{') ? JSON.parse(lastLine) : { passed: false, checks: [] }) as CliRun['summary'];
  return {
    code,
    out,
    err,
    summary,
    failed: summary.checks.filter((c) => !c.passed).map((c) => c.name),
    check: (name) => {
      const found = summary.checks.find((c) => c.name === name);
      if (!found) throw new Error(`no check named ${name} in ${summary.checks.map((c) => c.name).join(', ')}`);
      return found;
    },
  };
};

const expectNoSecretIn = (run: CliRun) => {
  for (const secret of [TOKEN, ...Object.values(SECRETS)]) {
    expect(run.out).not.toContain(secret);
    expect(run.err).not.toContain(secret);
  }
};

const recordsOf = async (app: RunningApp): Promise<StoreRecord[]> => [...(await app.composed.services.deps.store.exportRecords())._unsafeUnwrap()];
const keyed = (records: readonly StoreRecord[]) => records.map((r) => JSON.stringify(r)).sort();

let correct: RunningApp;

beforeAll(async () => {
  correct = await startApp('correct', SECRETS);
}, 60_000);

afterAll(async () => {
  for (const app of running) await app.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await removeRedisPrefixes(startedPrefixes);
});

describe('caio smoke against a running app on loopback (state in Redis)', () => {
  it('passes every check against a correctly configured app, prints the table and the JSON summary, and never a secret', async () => {
    const run = await smoke(['--base-url', correct.base, '--allowed-origin', ORIGIN]);
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.summary.passed).toBe(true);
    expect(run.failed).toEqual([]);
    expect(run.summary.checks.filter((c) => c.skipped)).toEqual([]);
    expect(run.out).toMatch(/^check\s+result\s+detail\n/);
    expect(run.check(authenticatedProbeName('clay')).detail).toContain(`ignored event ${inertProbe('clay').eventId}`);
    expect(run.check(authenticatedProbeName('ghl')).detail).toContain('GHL_STANDARD_WEBHOOK_SECRET (standard_webhooks)');
    expectNoSecretIn(run);
  });

  it('its authenticated probes change nothing: every record but the inbox is unchanged, the inbox holds only the ignored probe events, nothing is quarantined', async () => {
    const store = correct.composed.services.deps.store;
    const before = await recordsOf(correct);
    const auditBefore = (await store.listAudit({ limit: 10_000 }))._unsafeUnwrap().length;
    const run = await smoke(['--base-url', correct.base, '--json']);
    expect(run.code).toBe(0);
    expect(run.out.trimEnd().split('\n')).toHaveLength(1);
    const after = await recordsOf(correct);
    expect(keyed(after.filter((r) => r.kind !== 'inbox'))).toEqual(keyed(before.filter((r) => r.kind !== 'inbox')));
    const probeIds = (['instantly', 'heyreach', 'clay', 'rb2b', 'ghl'] as const).map((p) => inertProbe(p).eventId).sort();
    const inbox = after.filter((r): r is Extract<StoreRecord, { kind: 'inbox' }> => r.kind === 'inbox');
    expect(inbox.map((r) => r.value.eventId).sort()).toEqual(probeIds);
    // Ignored events are audit-only: recorded already applied, with no payload kept, and audited once each.
    expect(inbox.every((r) => r.value.applied && r.value.payload === null)).toBe(true);
    const ignored = (await store.listAudit({ limit: 10_000 }))._unsafeUnwrap().filter((e) => e.action === 'webhook.ignored');
    expect(ignored.map((e) => e.eventId).sort()).toEqual(probeIds);
    // Both runs met the same fixed event ids: the second one recorded nothing new and added no audit entry.
    expect(run.check(authenticatedProbeName('instantly')).detail).toContain('duplicate');
    expect((await store.listAudit({ limit: 10_000 }))._unsafeUnwrap().length).toBe(auditBefore);
    expect((await store.listQuarantine(10))._unsafeUnwrap()).toEqual([]);
  });

  it('fails naming the query-token check when query tokens are enabled but not expected, and passes when they are expected', async () => {
    const app = await startApp('query', { ...SECRETS, DASHBOARD_QUERY_TOKEN_ENABLED: 'true' });
    const run = await smoke(['--base-url', app.base]);
    expect(run.code).toBe(1);
    expect(run.failed.sort()).toEqual([AUTH_QUERY_TOKEN, READINESS_DASHBOARD].sort());
    expect(run.check(AUTH_QUERY_TOKEN).detail).toContain('expected 401');
    expect(run.err).toContain(AUTH_QUERY_TOKEN);
    const expected = await smoke(['--base-url', app.base, '--expect-query-token-enabled', 'true']);
    expect(expected.code, expected.out).toBe(0);
  });

  it('fails naming the provider left unauthenticated (signatures not required, RB2B without a secret)', async () => {
    const { RB2B_WEBHOOK_SECRET: _unset, ...others } = SECRETS;
    const app = await startApp('permissive', { ...others, WEBHOOK_SIGNATURE_REQUIRED: 'false' });
    const run = await smoke(['--base-url', app.base], { CAIO_DASHBOARD_TOKEN: TOKEN, ...others });
    expect(run.code).toBe(1);
    expect(run.failed.sort()).toEqual([READINESS_WEBHOOKS, unauthenticatedProbeName('rb2b')].sort());
    expect(run.check(unauthenticatedProbeName('rb2b')).detail).toMatch(/expected 401, got 200: accepted without credentials/);
    expect(run.check(authenticatedProbeName('rb2b'))).toMatchObject({ passed: true, skipped: true });
    expect(run.check(authenticatedProbeName('rb2b')).detail).toMatch(/^skipped: not probed: no credential/);
    const asExpected = await smoke(['--base-url', app.base, '--expect-webhook-required', 'false'], { CAIO_DASHBOARD_TOKEN: TOKEN, ...others });
    expect(asExpected.code, asExpected.out).toBe(0);
    expect(asExpected.check(unauthenticatedProbeName('instantly')).detail).toContain('401');
  });

  it('fails naming the CORS check when something in front of the app reflects the origin', async () => {
    const proxy = await reflectingProxy(correct.base);
    try {
      const run = await smoke(['--base-url', proxy.base, '--allowed-origin', ORIGIN]);
      expect(run.code).toBe(1);
      expect(run.failed).toEqual([CORS_UNKNOWN]);
      expect(run.check(CORS_UNKNOWN).detail).toContain('reflected');
    } finally {
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('fails fast, naming liveness, when nothing listens at the base URL', async () => {
    const started = Date.now();
    const run = await smoke(['--base-url', `http://127.0.0.1:${await freePort()}`]);
    expect(run.code).toBe(1);
    expect(run.failed[0]).toBe(LIVENESS);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on an app that accepts connections but never answers, after --timeout-ms', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const run = await smoke(['--base-url', `http://127.0.0.1:${(silent.address() as { port: number }).port}`, '--timeout-ms', '300']);
      expect(run.code).toBe(1);
      expect(run.check(LIVENESS).detail).toContain('TimedOut: no answer within 300 ms');
      expect(run.summary.checks).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('exits 2 on usage errors: no base URL, no token, a bad boolean, an unknown option; never echoing the token', async () => {
    const env = { CAIO_DASHBOARD_TOKEN: TOKEN };
    for (const [args, environment, message] of [
      [[], env, '--base-url is required'],
      [['--base-url', correct.base], {}, 'CAIO_DASHBOARD_TOKEN'],
      [['--base-url', correct.base, '--expect-webhook-required', 'yes'], env, '--expect-webhook-required must be true or false'],
      [['--base-url', 'ftp://example.com'], env, 'http:// or https://'],
      [['--base-url', correct.base, '--allowed-origin', 'https://ops.example.com/path'], env, '--allowed-origin'],
      [['--base-url', correct.base, '--no-such-option'], env, 'Unknown option'],
      [['--base-url', correct.base], { ...env, GHL_STANDARD_WEBHOOK_SECRET: 'whsec_not base64!' }, 'GHL_STANDARD_WEBHOOK_SECRET'],
    ] as const) {
      const run = await smoke([...args], { ...environment });
      expect(run.code, `${args.join(' ')}: ${run.err}`).toBe(2);
      expect(run.err).toContain(message);
      expect(run.out).toBe('');
      expect(run.err).not.toContain(TOKEN);
    }
  });
});
