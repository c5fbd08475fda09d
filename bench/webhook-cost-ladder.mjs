// Not a suite: what each piece of the app's webhook path costs, as a ladder from the bare
// route to the app. Five child processes on loopback, the same signed Instantly opens from
// the same autocannon load as `webhook-ingest-vs-bare-route.mjs` (16 connections), 3 s per
// load, three rounds alternating, after a 2 s warm-up each:
//   bare    the bare route (Fastify parses the JSON, answers 200)
//   xadd    the accept-and-queue route: verify, safe parse, one XADD, answer
//   map     + the body mapped into domain events and inbox acceptances (audit entry built)
//   store   + those recorded by the Redis store's inbox script, behind the group commit
//   app     the app itself (its HTTP layer, metered store, answer with per-event verdicts)
// For each it prints requests per second (best round) over the bare route's, and per
// request the CPU of the route's process, of Redis (INFO cpu) and of the load generator
// (this process), every round: on the machine's two cores, their sum is what bounds the rate.
// Usage: node bench/webhook-cost-ladder.mjs (REDIS_URL: a Redis the runs may fill and clean)
import { initializeRedisEpoch } from '@caio/adapters-redis';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMicrosOf, startApp } from './app-process.mjs';
import { redisCpuMicros } from './measure.mjs';
import { deleteKeys } from './redis-cleanup.mjs';
import { loadCounted, OTHER_PROVIDERS, SECRET } from './webhook-ingest-vs-bare-route.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = 3;
const SECONDS = 3;

const script = (name) => ({ script: fileURLToPath(new URL(name, import.meta.url)), args: [] });

const prefix = `caio-bench-ladder-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'caio-bench-ladder-'));
const admin = new Redis(REDIS_URL);
// Fresh prefixes have no epoch marker, which keeps a store unready: initialise them as `caio state init` would.
for (const p of [prefix, `${prefix}-store`]) (await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: p }, { witnessed: null }))._unsafeUnwrap();
const accept = (mode) => startApp({ ACCEPT_MODE: mode, ACCEPT_REDIS_URL: REDIS_URL, ACCEPT_STREAM: `{${prefix}-${mode}}:stream`, STORE_PREFIX: `${prefix}-store`, ACCEPT_SECRET: SECRET }, script('./accept-and-queue-route.mjs'));
const steps = {
  bare: await startApp({}, script('./bare-json-route.mjs')),
  xadd: await accept('xadd'),
  map: await accept('map'),
  store: await accept('store'),
  app: await startApp({ STATE_BACKEND: 'redis', REDIS_URL, REDIS_KEY_PREFIX: prefix, STATE_DIR: dir, SEND_MODE: 'sandbox', INSTANTLY_STANDARD_WEBHOOK_SECRET: SECRET, ...OTHER_PROVIDERS, LOG_LEVEL: 'warn' }),
};
try {
  for (const [name, step] of Object.entries(steps)) await loadCounted(step.base, `warm-${name}`, 2, false);
  const rates = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
  const costs = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, step] of Object.entries(steps)) {
      const route0 = cpuMicrosOf(step.pid);
      const redis0 = await redisCpuMicros(admin);
      const self0 = process.cpuUsage();
      const { answered, perSecond } = await loadCounted(step.base, `${name}-${round}`, SECONDS, false);
      const self = process.cpuUsage(self0);
      const per = (micros) => Math.round(micros / answered);
      rates[name].push(perSecond);
      costs[name].push({ route: per(cpuMicrosOf(step.pid) - route0), redis: per((await redisCpuMicros(admin)) - redis0), loadGenerator: per(self.user + self.system) });
    }
  }
  const bare = Math.max(...rates.bare);
  for (const name of Object.keys(steps)) {
    const best = Math.max(...rates[name]);
    console.log(JSON.stringify({ step: name, perSecond: Math.round(best), overBare: +(best / bare).toFixed(2), cpuMicrosPerRequest: costs[name] }));
  }
} finally {
  await Promise.all(Object.values(steps).map((step) => step.stop()));
  admin.disconnect();
  rmSync(dir, { recursive: true, force: true });
  const raw = new Redis(REDIS_URL);
  await deleteKeys(raw, `{${prefix}*`);
  raw.disconnect();
}
process.exit(0);
