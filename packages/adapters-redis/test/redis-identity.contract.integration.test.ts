import { openRedisStateStore } from '@caio/adapters-redis';
import { describeErasureStoreContract, describeIdentityStoreContract, describeSuppressionListContract, OwnCluster } from '@caio/testkit';
import { afterAll, beforeAll } from 'vitest';
import { openTestStore, removePrefix, testPrefix } from './redis-test-support.js';

describeIdentityStoreContract(
  'redis',
  async (clock) => {
    const prefix = testPrefix();
    const open = () => openTestStore(clock, { keyPrefix: prefix });
    return { store: await open(), reopen: open, dispose: () => removePrefix(prefix) };
  },
  { durable: true },
);

describeSuppressionListContract('redis', async (clock) => {
  const prefix = testPrefix();
  return { store: await openTestStore(clock, { keyPrefix: prefix }), dispose: () => removePrefix(prefix) };
});

describeErasureStoreContract('redis', async (clock) => {
  const prefix = testPrefix();
  return { store: await openTestStore(clock, { keyPrefix: prefix }), dispose: () => removePrefix(prefix) };
});

// The merge and the claim declare only keys of one hash tag each: the same contract on a cluster.
let cluster: OwnCluster;
beforeAll(async () => {
  cluster = await OwnCluster.start();
}, 60_000);
afterAll(async () => cluster.stop());

describeIdentityStoreContract(
  'redis cluster (3 masters)',
  async (clock) => {
    const prefix = testPrefix();
    const open = async () =>
      (await openRedisStateStore({ cluster: { nodes: cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })) }, keyPrefix: prefix, initEpoch: true, clock }))._unsafeUnwrap();
    return { store: await open(), reopen: open };
  },
  { durable: true },
);

describeErasureStoreContract('redis cluster (3 masters)', async (clock) => ({
  store: (await openRedisStateStore({ cluster: { nodes: cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })) }, keyPrefix: testPrefix(), initEpoch: true, clock }))._unsafeUnwrap(),
}));
