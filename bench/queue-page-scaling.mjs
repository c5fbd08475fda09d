// Review-queue page latency with 100,000 pending cards divided by the same with 100: a page
// must cost in proportion to the page, not to the store (the ReviewQueue indexes).
import { FileStateStore } from '@caio/adapters-file';
import { openRedisStateStore } from '@caio/adapters-redis';
import { createCard, qualityPassed } from '@caio/core';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, throughput } from './measure.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const START = Date.parse('2026-01-01T00:00:00.000Z');
const TIERS = ['tier_1', 'tier_2', 'tier_3'];

// Cards a second apart, tiers in turn, two source labels in turn.
const card = (i) =>
  createCard(
    `card_${i}`,
    { leadId: `lead_${i}`, leadKeys: [`email:l${i}@bench.example`], tier: TIERS[i % 3], channel: 'ghl_email', sourceLabel: i % 2 ? 'acme' : 'wpromote', subject: 's', body: 'a body long enough', opener: 'o' },
    qualityPassed,
    new Date(START + i * 1000).toISOString(),
  )._unsafeUnwrap();

// The two pages measured: the first 100 of the whole queue, and ten fresh Tier 1 cards of
// one source (a sixth of the cards match; the smallest index is walked and re-checked).
const PAGES = {
  page: { limit: 100 },
  filtered: { tier: 'tier_1', sourceLabel: 'acme', order: 'newest', limit: 10 },
};

/** Mean milliseconds of one page read, over `reads` reads. */
const pageMs = async (store, query, reads) => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < reads; i++) {
    const page = (await store.listQueue(query))._unsafeUnwrap();
    if (page.items.length !== query.limit) throw new Error(`expected a full page of ${query.limit}, got ${page.items.length}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / reads;
};

const measure = async (store) => {
  const out = {};
  for (const [name, query] of Object.entries(PAGES)) {
    await pageMs(store, query, 20); // warm-up (and the file store builds its index here)
    out[name] = await median(5, () => pageMs(store, query, 100));
  }
  return out;
};

const figures = (label, small, large) =>
  Object.fromEntries(
    Object.keys(PAGES).map((name) => [
      `${label}${name === 'page' ? '' : '_filtered'}`,
      { msAt100: small[name], msAt100k: large[name], ratio: large[name] / small[name], target: 2, lowerIsBetter: true },
    ]),
  );

const redisStore = async (count) => {
  const prefix = `caio-bench:${process.pid}:${Date.now()}:${count}`;
  const store = (await openRedisStateStore({ url: URL, keyPrefix: prefix }))._unsafeUnwrap();
  await throughput(count, 64, async (i) => (await store.putCard(card(i), null))._unsafeUnwrap());
  return { store, prefix };
};

const fileStore = async (count) => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-bench-queue-'));
  const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
  const records = [];
  for (let i = 0; i < count; i++) records.push({ kind: 'card', value: card(i) });
  (await store.importRecords(records))._unsafeUnwrap();
  return { store, dir };
};

export const run = async () => {
  const raw = new Redis(URL);
  const results = {};
  try {
    const small = await redisStore(100);
    const large = await redisStore(100_000);
    try {
      Object.assign(results, figures('queue_page_100k_over_100', await measure(small.store), await measure(large.store)));
    } finally {
      for (const s of [small, large]) {
        await s.store.close();
        await deleteKeys(raw, `{${s.prefix}:*`);
      }
    }
    const fileSmall = await fileStore(100);
    const fileLarge = await fileStore(100_000);
    try {
      Object.assign(results, figures('queue_page_100k_over_100_file_store', await measure(fileSmall.store), await measure(fileLarge.store)));
    } finally {
      for (const s of [fileSmall, fileLarge]) {
        await s.store.close();
        rmSync(s.dir, { recursive: true, force: true });
      }
    }
  } finally {
    raw.disconnect();
  }
  return results;
};
