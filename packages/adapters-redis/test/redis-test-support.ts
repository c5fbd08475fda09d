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

/** One command as MONITOR saw it: its name (lower case), where it came from (`lua` inside a script) and its arguments. */
export interface SeenCommand {
  readonly name: string;
  readonly source: string;
  readonly args: readonly string[];
}

/** A server watched with MONITOR: `admin` monitors, `markers` sends the echoes that delimit the watch. */
export interface WatchedServer {
  readonly admin: Redis;
  readonly markers: Redis;
}

/**
 * The commands clients sent to each server while `work` ran, as MONITOR on its `admin`
 * connection sees them, in the order the server ran them (one list per server). MONITOR
 * streams in execution order, so once a marker sent (on `markers`) after `work` arrives,
 * everything before it has. `work` may send echoes of its own to mark a moment.
 */
export const monitorCommandsOn = async (servers: readonly WatchedServer[], work: () => Promise<unknown>): Promise<SeenCommand[][]> => {
  const watches = await Promise.all(
    servers.map(async ({ admin, markers }) => {
      const monitor = await admin.monitor();
      const seen: SeenCommand[] = [];
      const waiters: { marker: string; resolve: () => void }[] = [];
      monitor.on('monitor', (_time: string, args: string[], source: string) => {
        seen.push({ name: String(args[0]).toLowerCase(), source, args });
        for (const w of waiters) if (args[0]?.toLowerCase() === 'echo' && args[1] === w.marker) w.resolve();
      });
      const mark = async (marker: string) => {
        const arrived = new Promise<void>((resolve) => waiters.push({ marker, resolve }));
        await markers.echo(marker);
        await arrived;
      };
      return { monitor, seen, mark, from: 0 };
    }),
  );
  try {
    for (const watch of watches) {
      await watch.mark('start');
      watch.from = watch.seen.length;
    }
    await work();
    for (const watch of watches) await watch.mark('end');
    return watches.map((w) => w.seen.slice(w.from, -1));
  } finally {
    for (const watch of watches) watch.monitor.disconnect();
  }
};

/** `monitorCommandsOn` for one server. */
export const monitorCommands = async (admin: Redis, markers: Redis, work: () => Promise<unknown>): Promise<SeenCommand[]> => (await monitorCommandsOn([{ admin, markers }], work))[0]!;
