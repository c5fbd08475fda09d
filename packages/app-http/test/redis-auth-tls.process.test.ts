import { initializeRedisEpoch, readRedisEpoch } from '@caio/adapters-redis';
import { freePort, OwnCluster, OwnRedis, redisTlsArgs, throwawayTls, type ThrowawayTls } from '@caio/testkit';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse-config.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { epochTargetOf } from '../src/cli/epoch-target.js';
import { startAppProcess } from './support/app-process.js';
import { fileStoreEnv } from './support/cli.js';

const PASSWORD = 'a-redis-password-for-tests-02';
const TOKEN = 'a-dashboard-token-of-enough-length-0001';

/**
 * The readiness of `caio serve` on `env`'s Redis. With `init` (settings that connect), the
 * prefix first gets its epoch marker if it has none, as `caio state init` does.
 */
const readyStore = async (env: Record<string, string>, { init = true } = {}) => {
  const full = { ...fileStoreEnv(), DASHBOARD_AUTH_TOKEN: TOKEN, STATE_BACKEND: 'redis', ...env };
  if (init) {
    const { target } = epochTargetOf((await loadConfiguration(full))._unsafeUnwrap().config)!;
    if ((await readRedisEpoch(target))._unsafeUnwrap() === null) (await initializeRedisEpoch(target, { witnessed: null }))._unsafeUnwrap();
  }
  const app = await startAppProcess('redis-tls', full);
  try {
    return ((await (await fetch(`${app.base}/readyz`)).json()) as { store: unknown }).store;
  } finally {
    await app.stop();
  }
};

let tls: ThrowawayTls;
beforeAll(() => {
  tls = throwawayTls();
});
afterAll(() => rmSync(tls.dir, { recursive: true, force: true }));

describe('caio serve on a Redis with a password over TLS (rediss://)', () => {
  let server: OwnRedis;
  let tlsPort: number;
  beforeAll(async () => {
    tlsPort = await freePort();
    server = await OwnRedis.start([...redisTlsArgs(tls, tlsPort), '--requirepass', PASSWORD]);
  }, 30_000);
  afterAll(async () => server.stop());

  it('is ready with REDIS_PASSWORD and REDIS_TLS_CA_FILE, and unready without the CA', async () => {
    const env = { REDIS_URL: `rediss://127.0.0.1:${tlsPort}`, REDIS_PASSWORD: PASSWORD };
    expect(await readyStore({ ...env, REDIS_TLS_CA_FILE: tls.caCert })).toEqual({ ok: true, backend: 'redis' });
    expect(await readyStore(env, { init: false })).toMatchObject({ ok: false, sends_blocked: expect.stringContaining('Redis unreachable') });
  }, 60_000);
});

describe('caio serve on a Redis Cluster with a password over TLS', () => {
  let cluster: OwnCluster;
  beforeAll(async () => {
    cluster = await OwnCluster.start({ password: PASSWORD, tls });
  }, 60_000);
  afterAll(async () => cluster.stop());

  it('is ready with REDIS_CLUSTER_NODES, REDIS_PASSWORD, REDIS_TLS and REDIS_TLS_CA_FILE', async () => {
    const nodes = cluster.tlsPorts.map((port) => `127.0.0.1:${port}`).join(',');
    expect(await readyStore({ REDIS_CLUSTER_NODES: nodes, REDIS_PASSWORD: PASSWORD, REDIS_TLS: 'true', REDIS_TLS_CA_FILE: tls.caCert })).toEqual({ ok: true, backend: 'redis' });
  }, 60_000);
});

describe('Redis credentials and TLS configuration', () => {
  const base = { DASHBOARD_AUTH_TOKEN: TOKEN, STATE_BACKEND: 'redis' };
  const problems = (env: Record<string, string>) => parseConfig({ ...base, ...env })._unsafeUnwrapErr().map((p) => p.variable);

  it('refuses TLS settings without TLS, credentials in two places, and a user without a password', () => {
    expect(problems({ REDIS_TLS: 'true' })).toEqual(['REDIS_TLS']);
    expect(problems({ REDIS_TLS_CA_FILE: '/ca.pem' })).toEqual(['REDIS_TLS_CA_FILE']);
    expect(problems({ REDIS_URL: 'redis://:pw@10.0.0.1:6379', REDIS_PASSWORD: 'pw' })).toEqual(['REDIS_PASSWORD']);
    expect(problems({ REDIS_USERNAME: 'caio' })).toEqual(['REDIS_USERNAME']);
    expect(parseConfig({ ...base, REDIS_URL: 'rediss://r.example:6380', REDIS_TLS_SERVERNAME: 'r.example' })._unsafeUnwrap().state.redisTls).toEqual({ servername: 'r.example' });
  });

  it('a CA file that cannot be read is a configuration problem naming it', async () => {
    const loaded = await loadConfiguration({ ...fileStoreEnv(), ...base, REDIS_URL: 'rediss://127.0.0.1:6380', REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' });
    expect(loaded._unsafeUnwrapErr()).toContainEqual({ variable: 'REDIS_TLS_CA_FILE', message: '/nonexistent/ca.pem cannot be read: ENOENT' });
  });
});
