import { createRedisClient, deleteKeysMatching, initializeRedisEpoch, openRedisStateStore, readRedisEpoch, RedisRateGate, type RedisClient, type RedisConnection, type RedisStateStoreOptions } from '@caio/adapters-redis';
import { OwnRedis } from '@caio/testkit';
import type { RateGateHarness } from '@caio/testkit/contracts';
import type { Clock } from '@caio/core';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix per test store, so runs and parallel files never share keys. */
export const testPrefix = (): string => `caio-test:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * A store whose prefix has its epoch marker: created once, as `caio state init` does, on
 * a prefix that has none yet (a reopen finds it in place).
 */
export const openTestStore = async (clock: Clock, overrides: Partial<RedisStateStoreOptions> = {}) => {
  const options = { url: REDIS_URL, keyPrefix: testPrefix(), clock, ...overrides };
  if ((await readRedisEpoch(options))._unsafeUnwrap() === null) (await initializeRedisEpoch(options, { witnessed: null }))._unsafeUnwrap();
  return (await openRedisStateStore(options))._unsafeUnwrap();
};

/**
 * A redis-server of the test file's own (for what a shared server must not see: a script
 * cache flush, a command count) with `count` clients on it; `stop` disconnects them and
 * stops the server.
 */
export const ownRedisWithClients = async (count: number): Promise<{ readonly server: OwnRedis; readonly clients: readonly Redis[]; readonly stop: () => Promise<void> }> => {
  const server = await OwnRedis.start();
  const clients = Array.from({ length: count }, () => new Redis(server.url));
  return {
    server,
    clients,
    stop: async () => {
      for (const client of clients) client.disconnect();
      await server.stop();
    },
  };
};

/** Deletes every key of a prefix. */
export const removePrefix = async (prefix: string, url = REDIS_URL): Promise<void> => {
  const redis = new Redis(url);
  try {
    await deleteKeysMatching(redis, `{${prefix}:*`);
  } finally {
    redis.disconnect();
  }
};

/**
 * A `RateGate` contract harness on `connection`: two connections, as two app instances
 * would have, that the gates take in turn; `dispose` closes them and runs `cleanUp`.
 */
export const rateGateHarness = async (connection: RedisConnection, cleanUp: (prefix: string) => Promise<void> = async () => undefined): Promise<RateGateHarness> => {
  const prefix = testPrefix();
  const clients: RedisClient[] = [createRedisClient(connection), createRedisClient(connection)];
  await Promise.all(clients.map((c) => c.connect()));
  let made = 0;
  return {
    shared: true,
    gate: (name, windows) => new RedisRateGate(clients[made++ % 2]!, prefix, name, windows),
    dispose: async () => {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      await cleanUp(prefix);
    },
  };
};
