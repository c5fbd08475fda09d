// Redis first-touch claim throughput as a ratio of raw ioredis SET NX on the same server.
// Printed without a target: one command is no fair peer for a claim that makes some twenty
// checks; `send_bookkeeping_vs_bullmq_job` (send-bookkeeping-vs-bullmq.mjs) is the target.
import { failClosedOptions, initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { Redis } from 'ioredis';
import { median, throughput } from './measure.mjs';
import { claimRequest, seedCards } from './redis-bench-cards.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = 4000;

export const run = async () => {
  const prefix = `caio-bench:${process.pid}:${Date.now()}`;
  (await initializeRedisEpoch({ url: URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
  const store = (await openRedisStateStore({ url: URL, keyPrefix: prefix }))._unsafeUnwrap();
  // The baseline client has the store's own options (fail-closed, auto-pipelining), so a
  // client setting that speeds the claims up speeds SET NX up just the same.
  const raw = new Redis(URL, failClosedOptions({ url: URL }));
  await raw.connect();
  const results = {};
  for (const inFlight of [1, 64]) {
    let round = 0;
    const claims = await median(3, async () => {
      const cards = await seedCards(store, `c${inFlight}_${round++}`, N);
      return throughput(N, inFlight, (i) => store.claimSend(claimRequest(cards[i], `bench-${round}`)));
    });
    let r = 0;
    const setnx = await median(3, () => {
      const tag = `${prefix}:setnx:${inFlight}:${r++}`;
      return throughput(N, inFlight, (i) => raw.set(`${tag}:${i}`, '1', 'NX'));
    });
    results[`claim_vs_setnx_${inFlight === 1 ? 'sequential' : '64_in_flight'}`] = { claimsPerSecond: Math.round(claims), setNxPerSecond: Math.round(setnx), ratio: claims / setnx };
  }
  // The store's keys are hash-tagged (`{prefix:...}`); the baseline's are plain.
  await deleteKeys(raw, `{${prefix}:*`, `${prefix}:*`);
  raw.disconnect();
  await store.close();
  return results;
};
