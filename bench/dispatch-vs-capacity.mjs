// Dispatch of 10,000 cards (in batches of 1,000) through the core loop and the real Instantly adapter to
// the fake provider (rate limits off), as a ratio of the fake's own capacity measured by a
// plain undici loop with the same number of requests in flight, in the same run.
//
// The fake runs in a process of its own (`fake-instantly-process.mjs`), as a provider is
// another machine: both clients then meet the same server and neither pays its CPU. The
// same measurement with the fake inside the dispatching process is printed too, without a
// target: there the dispatcher's event loop also serves every provider request.
import { FileStateStore } from '@caio/adapters-file';
import { InstantlyChannel, instantlyClient } from '@caio/adapters-instantly';
import { createRedisClient, initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { createBatch, createCard, createLead, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, executeBatch, initialControls, MemoryStateStore, qualityPassed, silentLogger } from '@caio/core';
import { FakeInstantly, SequentialIds } from '@caio/testkit';
import { fakeInOwnProcess } from './fake-instantly-client.mjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { deleteKeys } from './redis-cleanup.mjs';

const IN_FLIGHT = 16;
const BATCH = 1_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The stores dispatched from, each with how many cards (a first batch of 1,000 uncounted):
 * the durable stores with fewer, as each card costs them a file append or Redis round trips.
 */
const STORES = {
  memory: { name: 'memory', cards: 10_000, open: async () => ({ store: new MemoryStateStore(), dispose: async () => undefined }) },
  file: {
    name: 'file',
    cards: 1_000,
    open: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'caio-bench-dispatch-'));
      const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
      return { store, dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  redis: {
    name: 'redis',
    cards: 3_000,
    open: async () => {
      const prefix = `caio-bench-dispatch-${process.pid}`;
      (await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
      const store = (await openRedisStateStore({ url: REDIS_URL, keyPrefix: prefix }))._unsafeUnwrap();
      const dispose = async () => {
        const redis = createRedisClient({ url: REDIS_URL });
        await redis.connect();
        await deleteKeys(redis, `{${prefix}:*`);
        redis.disconnect();
      };
      return { store, dispose };
    },
  },
};
const KEY = 'bench-key';
const CAMPAIGN = 'cmp-bench';

/** The fake inside this process. */
const fakeInThisProcess = async () => {
  const fake = await new FakeInstantly(KEY, [CAMPAIGN]).start();
  fake.setRateLimit(null);
  return { baseUrl: fake.baseUrl, count: async () => fake.requests.length, stop: () => fake.stop() };
};

/** The same POST /leads bodies, IN_FLIGHT at a time, through a bare pool: requests per second. */
const capacity = async (baseUrl, cards) => {
  const origin = new URL(baseUrl).origin;
  const pool = new Pool(origin, { connections: IN_FLIGHT });
  const pass = async (tag, count) => {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const response = await pool.request({ origin, path: '/api/v2/leads', method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: `${tag}${i}@bench.example`, first_name: 'Ada', personalization: 'o', campaign: CAMPAIGN, custom_variables: { subject: 's', body: 'a body long enough to pass', caio_card_id: `card_${i}` }, skip_if_in_workspace: true, skip_if_in_campaign: true }) });
        await response.body.text();
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return count / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  // A first pass warms the JIT, the fake's server and the pool and is not counted (the
  // dispatch side gets the same: one uncounted batch first).
  await pass('warm', BATCH);
  const perSecond = await pass('raw', cards);
  await pool.close();
  return perSecond;
};

/**
 * BATCH + cards approved cards dispatched in batches of 1,000; cards per second, first batch not
 * counted, and the dispatching process's CPU time (user + system) per counted card.
 */
const dispatch = async (fake, store, cards) => {
  const at = new Date().toISOString();
  for (let i = 0; i < BATCH + cards; i++) {
    const lead = createLead(`lead_${i}`, { email: `lead${i}@bench.example`, source: 'import', sourceLabel: 'bench', tier: 'tier_1', firstName: 'Ada' }, at)._unsafeUnwrap();
    await store.putLead(lead, null);
    const card = createCard(`card_${String(i).padStart(5, '0')}`, { leadId: lead.id, leadKeys: [`email:${lead.identity.email}`], tier: 'tier_1', channel: 'instantly', campaignId: CAMPAIGN, subject: 's', body: 'a body long enough to pass', opener: 'o' }, qualityPassed, at)._unsafeUnwrap();
    await store.putCard({ ...card, status: 'approved', approvedBy: 'bench', version: 2 }, null);
  }
  await store.putControls({ ...initialControls(at), sendWindowOverride: true, version: 1 }, 0);
  const client = instantlyClient({ apiKey: KEY, baseUrl: fake.baseUrl, rateLimits: false, connections: IN_FLIGHT });
  const deps = {
    store,
    clock: { now: () => new Date() },
    ids: new SequentialIds(),
    logger: silentLogger,
    channels: { instantly: new InstantlyChannel(client) },
    policy: { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 1e9 },
    campaigns: () => ({ instantly: new Set([CAMPAIGN]) }),
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: false,
  };
  const trace = { traceId: 'trace_bench', actor: 'bench', at, origin: 'test' };
  const before = await fake.count();
  let executingNs = 0n;
  let cpuMicros = 0;
  // Batches hold at most 1,000 items: snapshot and execute them in turn, timing execution only.
  for (let i = 0; i < (BATCH + cards) / BATCH; i++) {
    const batch = (await createBatch(deps, { trace, limit: 1000 }))._unsafeUnwrap();
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    (await executeBatch(deps, { batchId: batch.id, dryRun: false, trace, concurrency: IN_FLIGHT }))._unsafeUnwrap();
    if (i > 0) {
      executingNs += process.hrtime.bigint() - t0;
      const cpu = process.cpuUsage(cpu0);
      cpuMicros += cpu.user + cpu.system;
    }
  }
  await client.close();
  const sent = (await fake.count()) - before;
  if (sent !== BATCH + cards) throw new Error(`expected ${BATCH + cards} provider requests, saw ${sent}`);
  return { perSecond: cards / (Number(executingNs) / 1e9), cpuMicrosPerCard: cpuMicros / cards };
};

const measure = async (startFake, backend = STORES.memory) => {
  const fake = await startFake();
  const { store, dispose } = await backend.open();
  try {
    const rawPerSecond = await capacity(fake.baseUrl, backend.cards);
    const { perSecond: dispatchPerSecond, cpuMicrosPerCard } = await dispatch(fake, store, backend.cards);
    process.stderr.write(`  dispatch on ${backend.name}: ${Math.round(dispatchPerSecond)}/s of ${Math.round(rawPerSecond)}/s, ${Math.round(cpuMicrosPerCard)} µs CPU per card\n`);
    return { dispatchPerSecond: Math.round(dispatchPerSecond), rawPerSecond: Math.round(rawPerSecond), inFlight: IN_FLIGHT, ratio: dispatchPerSecond / rawPerSecond, cpuMicrosPerCard: Math.round(cpuMicrosPerCard) };
  } finally {
    await store.close();
    await dispose();
    await fake.stop();
  }
};

// The durable stores' figures are printed beside the memory one, without a target.
export const run = async () => ({
  dispatch_vs_fake_capacity: { ...(await measure(() => fakeInOwnProcess(KEY, CAMPAIGN))), target: 0.8 },
  dispatch_vs_fake_capacity_file_store: await measure(() => fakeInOwnProcess(KEY, CAMPAIGN), STORES.file),
  dispatch_vs_fake_capacity_redis: await measure(() => fakeInOwnProcess(KEY, CAMPAIGN), STORES.redis),
  dispatch_vs_fake_capacity_fake_in_process: await measure(fakeInThisProcess),
});
