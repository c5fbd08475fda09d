// createBatch cost per card with about 100,000 stored cards divided by the same with about
// 1,000: a batch must cost in proportion to the cards it freezes, not to the store (the
// card-status indexes). Each store holds the same BATCH approved cards and PENDING pending
// cards; the rest is history (sent, rejected, expired, separated cards). The file store
// (the embedded default) carries the target; the memory and Redis figures are printed beside it.
import { FileStateStore } from '@caio/adapters-file';
import { openRedisStateStore } from '@caio/adapters-redis';
import { createBatch, createCard, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, MemoryStateStore, qualityPassed, silentLogger } from '@caio/core';
import { SequentialIds } from '@caio/testkit';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throughput } from './measure.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const START = Date.parse('2026-01-01T00:00:00.000Z');
const CAMPAIGN = 'cmp-bench';
const BATCH = 500;
const PENDING = 100;
const SMALL = 1_000;
const LARGE = 100_000;
const HISTORY = ['sent', 'rejected', 'expired', 'separated'];

// The approved cards first, then the pending ones, then history, one second apart.
const statusOf = (i) => (i < BATCH ? 'approved' : i < BATCH + PENDING ? 'pending' : HISTORY[i % HISTORY.length]);
const card = (i) => {
  const created = createCard(
    `card_${String(i).padStart(6, '0')}`,
    { leadId: `lead_${i}`, leadKeys: [`email:l${i}@bench.example`], tier: 'tier_1', channel: 'instantly', campaignId: CAMPAIGN, subject: 's', body: 'a body long enough', opener: 'o' },
    qualityPassed,
    new Date(START + i * 1000).toISOString(),
  )._unsafeUnwrap();
  const status = statusOf(i);
  return status === 'pending' ? created : { ...created, status, version: 2 };
};
const records = (count) => Array.from({ length: count }, (_, i) => ({ kind: 'card', value: card(i) }));

const depsOf = (store) => ({
  store,
  clock: { now: () => new Date() },
  ids: new SequentialIds(),
  logger: silentLogger,
  channels: {},
  policy: DEFAULT_SEND_POLICY_CONFIG,
  campaigns: () => ({ instantly: new Set([CAMPAIGN]) }),
  taxonomy: DEFAULT_REJECTION_TAXONOMY,
  sendGhlFirstTouchOnApprove: false,
});

/** Mean microseconds per card of `rounds` createBatch calls (the approved cards stay approved). */
const perCardUs = async (deps, rounds) => {
  const trace = { traceId: 'trace_bench', actor: 'system:bench', at: new Date(START).toISOString(), origin: 'test' };
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    const batch = (await createBatch(deps, { trace, limit: 1000 }))._unsafeUnwrap();
    if (batch.items.length !== BATCH) throw new Error(`expected ${BATCH} items, got ${batch.items.length}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / rounds / BATCH;
};

const figure = (small, large, target) => ({ usPerCardAt1k: small, usPerCardAt100k: large, ratio: large / small, ...(target ? { target: 2, lowerIsBetter: true } : {}) });

const fileStore = async (count) => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-bench-batch-'));
  const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
  (await store.importRecords(records(count)))._unsafeUnwrap();
  return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
};

const memoryStore = async (count) => {
  const store = new MemoryStateStore();
  (await store.importRecords(records(count)))._unsafeUnwrap();
  return { store, close: () => store.close() };
};

const redisStore = (raw) => async (count) => {
  const prefix = `caio-bench:${process.pid}:${Date.now()}:${count}`;
  const store = (await openRedisStateStore({ url: URL, keyPrefix: prefix }))._unsafeUnwrap();
  const all = records(count);
  // Chunks of 500 records, 16 imported at once (an import writes record by record).
  await throughput(Math.ceil(all.length / 500), 16, async (i) => (await store.importRecords(all.slice(i * 500, (i + 1) * 500)))._unsafeUnwrap());
  return { store, close: async () => (await store.close(), await deleteKeys(raw, `{${prefix}:*`)) };
};

// Both stores are warmed up, then timed in turn (small, large, small, ...), so neither
// side gets the JIT's or the machine's better moments; the median of 5 rounds each.
const compare = async (open, target) => {
  const small = await open(SMALL);
  const large = await open(LARGE);
  try {
    const sides = [depsOf(small.store), depsOf(large.store)];
    for (const deps of sides) await perCardUs(deps, 3); // warm-up (the memory and file stores build their indexes here)
    const rounds = [[], []];
    for (let round = 0; round < 5; round++) for (const [i, deps] of sides.entries()) rounds[i].push(await perCardUs(deps, 4));
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return figure(median(rounds[0]), median(rounds[1]), target);
  } finally {
    await small.close();
    await large.close();
  }
};

export const run = async () => {
  const results = {};
  results.create_batch_100k_over_1k = await compare(fileStore, true);
  results.create_batch_100k_over_1k_memory = await compare(memoryStore, false);
  const raw = new Redis(URL);
  try {
    results.create_batch_100k_over_1k_redis = await compare(redisStore(raw), false);
  } finally {
    raw.disconnect();
  }
  return results;
};
