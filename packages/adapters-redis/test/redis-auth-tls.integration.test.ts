import { initializeRedisEpoch, openRedisStateStore, type RedisConnection } from '@caio/adapters-redis';
import { aLead, freePort, OwnCluster, OwnRedis, redisTlsArgs, throwawayTls, type ThrowawayTls } from '@caio/testkit';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPrefix } from './redis-test-support.js';

const PASSWORD = 'a-redis-password-for-tests-01';

/**
 * Opens the store on `connection`, writes and reads a lead, and closes it: what "works"
 * means here. The prefix's epoch marker is made first on `good` (as `caio state init`
 * does, with working settings), so a refusal is the store's connection's own.
 */
const roundTrip = async (connection: RedisConnection, good: RedisConnection = connection): Promise<{ ok: boolean; why?: string }> => {
  const keyPrefix = testPrefix();
  (await initializeRedisEpoch({ ...good, keyPrefix }, { witnessed: null }))._unsafeUnwrap();
  const store = (await openRedisStateStore({ ...connection, keyPrefix, connectTimeoutMs: 1_500, commandTimeoutMs: 1_500 }))._unsafeUnwrap();
  try {
    const health = (await store.health())._unsafeUnwrap();
    if (!health.ok || health.sendsBlocked) return { ok: false, why: health.sendsBlocked ?? 'not ok' };
    const lead = aLead('ada');
    await store.putLead(lead, null);
    return { ok: (await store.getLead(lead.id))._unsafeUnwrap()?.id === lead.id };
  } finally {
    await store.close();
  }
};

describe('Redis with a password', () => {
  let server: OwnRedis;
  beforeAll(async () => {
    // requirepass for the default user, and an ACL user of its own.
    server = await OwnRedis.start(['--requirepass', PASSWORD, '--user', 'caio', 'on', `>${PASSWORD}-caio`, '~*', '&*', '+@all']);
  }, 30_000);
  afterAll(async () => server.stop());

  it('works with the password, or an ACL user and its password, and stays unready without them', async () => {
    expect(await roundTrip({ url: server.url, password: PASSWORD })).toEqual({ ok: true });
    expect(await roundTrip({ url: `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}` })).toEqual({ ok: true });
    expect(await roundTrip({ url: server.url, username: 'caio', password: `${PASSWORD}-caio` })).toEqual({ ok: true });
    const good = { url: server.url, password: PASSWORD };
    const refused = await roundTrip({ url: server.url }, good);
    expect(refused.ok).toBe(false);
    const wrong = await roundTrip({ url: server.url, password: 'not-the-password' }, good);
    expect(wrong.ok).toBe(false);
  }, 30_000);
});

describe('Redis over TLS (rediss://)', () => {
  let tls: ThrowawayTls;
  let server: OwnRedis;
  let tlsPort: number;
  beforeAll(async () => {
    tls = throwawayTls();
    tlsPort = await freePort();
    server = await OwnRedis.start([...redisTlsArgs(tls, tlsPort), '--requirepass', PASSWORD]);
  }, 30_000);
  afterAll(async () => {
    await server.stop();
    rmSync(tls.dir, { recursive: true, force: true });
  });

  it('works when the server certificate verifies against the given CA, with the password', async () => {
    expect(await roundTrip({ url: `rediss://127.0.0.1:${tlsPort}`, password: PASSWORD, tls: { ca: tls.caPem } })).toEqual({ ok: true });
    expect(await roundTrip({ url: `rediss://localhost:${tlsPort}`, password: PASSWORD, tls: { ca: tls.caPem } })).toEqual({ ok: true });
  }, 30_000);

  it('never connects to a certificate it cannot verify: unknown CA, or a name the certificate does not carry', async () => {
    const good = { url: `rediss://127.0.0.1:${tlsPort}`, password: PASSWORD, tls: { ca: tls.caPem } };
    expect((await roundTrip({ url: `rediss://127.0.0.1:${tlsPort}`, password: PASSWORD }, good)).ok).toBe(false);
    expect((await roundTrip({ url: `rediss://127.0.0.1:${tlsPort}`, password: PASSWORD, tls: { ca: tls.caPem, servername: 'redis.example.com' } }, good)).ok).toBe(false);
  }, 30_000);
});

describe('Redis Cluster with a password', () => {
  let cluster: OwnCluster;
  beforeAll(async () => {
    cluster = await OwnCluster.start({ password: PASSWORD });
  }, 60_000);
  afterAll(async () => cluster.stop());

  it('works with the password on every node, and not without it', async () => {
    const nodes = cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port }));
    expect(await roundTrip({ cluster: { nodes }, password: PASSWORD })).toEqual({ ok: true });
    expect((await roundTrip({ cluster: { nodes } }, { cluster: { nodes }, password: PASSWORD })).ok).toBe(false);
  }, 60_000);
});

describe('Redis Cluster over TLS with a password', () => {
  let tls: ThrowawayTls;
  let cluster: OwnCluster;
  beforeAll(async () => {
    tls = throwawayTls();
    cluster = await OwnCluster.start({ password: PASSWORD, tls });
  }, 60_000);
  afterAll(async () => {
    await cluster.stop();
    rmSync(tls.dir, { recursive: true, force: true });
  });

  it('works over TLS with the CA and the password, and not with a CA it cannot verify against', async () => {
    const nodes = cluster.tlsPorts.map((port) => ({ host: '127.0.0.1', port }));
    expect(await roundTrip({ cluster: { nodes }, password: PASSWORD, tls: { ca: tls.caPem } })).toEqual({ ok: true });
    expect((await roundTrip({ cluster: { nodes }, password: PASSWORD, tls: {} }, { cluster: { nodes }, password: PASSWORD, tls: { ca: tls.caPem } })).ok).toBe(false);
  }, 60_000);
});
