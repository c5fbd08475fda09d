import type { RedisConnection } from '@caio/adapters-redis';
import { OwnCluster, OwnRedis } from '@caio/testkit';

/** A Redis the test's app processes share: how the test connects, the instances' env, the server ports. */
export interface SharedRedis {
  readonly connection: RedisConnection;
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

/** The two topologies scale-out tests run on: one Redis of the test's own, and a three-master cluster. */
export const topologies: { name: string; start: () => Promise<SharedRedis> }[] = [
  {
    name: 'one Redis',
    start: async () => {
      const redis = await OwnRedis.start();
      return { connection: { url: redis.url }, env: { REDIS_URL: redis.url }, ports: [redis.port], stop: () => redis.stop() };
    },
  },
  {
    name: 'a three-master Redis Cluster',
    start: async () => {
      const cluster = await OwnCluster.start();
      const nodes = cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port }));
      return { connection: { cluster: { nodes } }, env: { REDIS_CLUSTER_NODES: nodes.map((n) => `${n.host}:${n.port}`).join(',') }, ports: nodes.map((n) => n.port), stop: () => cluster.stop() };
    },
  },
];

/** Polls `condition` until it holds, or fails naming `what` after `ms`. */
export const waitUntil = async (condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
