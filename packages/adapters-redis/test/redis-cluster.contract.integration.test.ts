import { describeStateStoreContract, rateGateContract } from '@caio/testkit/contracts';
import { afterAll, beforeAll } from 'vitest';
import { OwnCluster } from '@caio/testkit';
import { rateGateHarness, testPrefix } from './redis-test-support.js';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';

// Every script touches only keys of one hash tag (declared, or, for the outcome's first
// touches, built from the declared ledger key's tag), so the whole contract runs on a cluster.
let cluster: OwnCluster;
beforeAll(async () => {
  cluster = await OwnCluster.start();
}, 60_000);
afterAll(async () => cluster.stop());

describeStateStoreContract(
  'redis cluster (3 masters)',
  async (clock) => {
    const target = { cluster: { nodes: cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })) }, keyPrefix: testPrefix() };
    (await initializeRedisEpoch(target, { witnessed: null }))._unsafeUnwrap();
    const open = async () => (await openRedisStateStore({ ...target, clock }))._unsafeUnwrap();
    return { store: await open(), reopen: open };
  },
  { durable: true },
);

// A gate is one key under its own hash tag: the same contract on the cluster.
rateGateContract('redis cluster (3 masters)', () => rateGateHarness({ cluster: { nodes: cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })) } }));
