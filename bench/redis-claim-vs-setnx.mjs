// Redis first-touch claim throughput as a ratio of raw ioredis SET NX on the same server.
import { failClosedOptions, initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { createCard, qualityPassed } from '@caio/core';
import { Redis } from 'ioredis';
import { median, throughput } from './measure.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = 4000;

const seedCards = async (store, tag, count) => {
  const cards = [];
  for (let i = 0; i < count; i++) {
    const id = `${tag}_${i}`;
    const card = createCard(id, { leadId: id, leadKeys: [`email:${id}@bench.example`], tier: 'tier_1', channel: 'ghl_email', subject: 's', body: 'a body long enough', opener: 'o' }, qualityPassed, new Date().toISOString())._unsafeUnwrap();
    cards.push((await store.putCard({ ...card, status: 'queued' }, null))._unsafeUnwrap());
  }
  return cards;
};

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
      return throughput(N, inFlight, (i) => {
        const c = cards[i];
        return store.claimSend({ cardId: c.id, step: 0, attemptId: `a_${c.id}`, channel: c.channel, leadKeys: c.leadKeys, contentDigest: c.contentDigest, expectedVersion: c.version, dayKey: `bench-${round}`, dailyCap: 1e9, trace: { traceId: 't', actor: 'bench', at: new Date().toISOString(), origin: 'test' } });
      });
    });
    let r = 0;
    const setnx = await median(3, () => {
      const tag = `${prefix}:setnx:${inFlight}:${r++}`;
      return throughput(N, inFlight, (i) => raw.set(`${tag}:${i}`, '1', 'NX'));
    });
    results[`claim_vs_setnx_${inFlight === 1 ? 'sequential' : '64_in_flight'}`] = { claimsPerSecond: Math.round(claims), setNxPerSecond: Math.round(setnx), ratio: claims / setnx, target: 0.8 };
  }
  // The store's keys are hash-tagged (`{prefix:...}`); the baseline's are plain.
  await deleteKeys(raw, `{${prefix}:*`, `${prefix}:*`);
  raw.disconnect();
  await store.close();
  return results;
};
