// The dispatcher path on BullMQ: approved cards in the Redis store, the dispatcher tick
// snapshots them into its batch, a BullMQ worker runs the batch job through the core
// loop and the real Instantly adapter to the fake provider (in a process of its own).
// Sends per second, as a ratio of the fake's capacity measured in the same run by a bare
// undici loop with the same number of requests in flight (one: a batch job sends one item
// at a time, so an emergency stop lets at most one call per batch finish).
import { BullmqWorkQueue } from '@caio/adapters-bullmq';
import { InstantlyChannel, instantlyClient } from '@caio/adapters-instantly';
import { createRedisClient, initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { createCard, createLead, DEFAULT_REJECTION_TAXONOMY, initialControls, qualityPassed, silentLogger } from '@caio/core';
import { SequentialIds } from '@caio/testkit';
import { Pool } from 'undici';
import { WebhookAuthFailures } from '../packages/app-http/dist/composition/webhook-auth-failures.js';
import { AppMetrics } from '../packages/app-http/dist/metrics/app-metrics.js';
import { parseConfig } from '../packages/app-http/dist/config/parse-config.js';
import { jobHandler } from '../packages/app-http/dist/jobs/job-handler.js';
import { periodicWork } from '../packages/app-http/dist/jobs/periodic-work.js';
import { fakeInOwnProcess } from './fake-instantly-client.mjs';
import { deleteKeys } from './redis-cleanup.mjs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'bench-key';
const CAMPAIGN = 'cmp-bench';
const WARM_UP = 200;
const CARDS = 1_000;

/** POST /leads one at a time through a bare pool: requests per second. */
const capacity = async (baseUrl, count) => {
  const origin = new URL(baseUrl).origin;
  const pool = new Pool(origin, { connections: 1 });
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const response = await pool.request({ origin, path: '/api/v2/leads', method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: `raw${i}@bench.example`, first_name: 'Ada', personalization: 'o', campaign: CAMPAIGN, custom_variables: { subject: 's', body: 'a body long enough to pass', caio_card_id: `card_${i}` }, skip_if_in_workspace: true, skip_if_in_campaign: true }) });
    await response.body.text();
  }
  const perSecond = count / (Number(process.hrtime.bigint() - started) / 1e9);
  await pool.close();
  return perSecond;
};

const seed = async (store, from, count, at) => {
  for (let i = from; i < from + count; i++) {
    const lead = createLead(`lead_${i}`, { email: `lead${i}@bench.example`, source: 'import', sourceLabel: 'bench', tier: 'tier_1', firstName: 'Ada' }, at)._unsafeUnwrap();
    await store.putLead(lead, null);
    const card = createCard(`card_${String(i).padStart(5, '0')}`, { leadId: lead.id, leadKeys: [`email:${lead.identity.email}`], tier: 'tier_1', channel: 'instantly', campaignId: CAMPAIGN, subject: 's', body: 'a body long enough to pass', opener: 'o' }, qualityPassed, at)._unsafeUnwrap();
    await store.putCard({ ...card, status: 'approved', approvedBy: 'bench', version: 2 }, null);
  }
};

/** One dispatcher tick and its batch job, until the fake has `expected` more requests: seconds. */
const dispatchAll = async (services, fake, expected) => {
  const before = await fake.count();
  const started = process.hrtime.bigint();
  const tick = await periodicWork(services)['dispatch-tick']();
  if (tick._tag !== 'Done') throw new Error(`dispatcher tick: ${tick.reason}`);
  // Bounded: a batch that stops sending (a refused claim retried forever) fails the suite
  // instead of hanging `pnpm bench`.
  const deadline = Date.now() + 120_000;
  while ((await fake.count()) - before < expected) {
    if (Date.now() > deadline) throw new Error(`dispatcher batch: ${(await fake.count()) - before} of ${expected} sends reached the fake in 120 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
};

export const run = async () => {
  const prefix = `caio-bench-bullmq-${process.pid}`;
  const fake = await fakeInOwnProcess(KEY, CAMPAIGN);
  // Sends need the epoch marker (docs/state-stores.md#the-epoch-marker): without it every
  // claim is refused as StoreBlocked and the batch job retries forever.
  (await initializeRedisEpoch({ url: REDIS_URL, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
  const store = (await openRedisStateStore({ url: REDIS_URL, keyPrefix: prefix }))._unsafeUnwrap();
  const jobs = new BullmqWorkQueue({ connection: { url: REDIS_URL }, keyPrefix: prefix, concurrency: 4, lockMs: 30_000 });
  const client = instantlyClient({ apiKey: KEY, baseUrl: fake.baseUrl, rateLimits: false, connections: 1 });
  try {
    const at = new Date().toISOString();
    await store.putControls({ ...initialControls(at), sendWindowOverride: true, version: 1 }, 0);
    const config = parseConfig({ STATE_BACKEND: 'redis', DASHBOARD_AUTH_TOKEN: 'bench-dashboard-token-0123456789', SUPERVISED_SEND_WINDOW_OVERRIDE: 'true', DAILY_SEND_CAP: '100000', SEND_TIMEZONE: 'UTC' })._unsafeUnwrap();
    const deps = {
      store,
      clock: { now: () => new Date() },
      ids: new SequentialIds(),
      logger: silentLogger,
      channels: { instantly: new InstantlyChannel(client) },
      locks: undefined,
      policy: config.policy,
      campaigns: () => ({ instantly: new Set([CAMPAIGN]) }),
      taxonomy: DEFAULT_REJECTION_TAXONOMY,
      sendGhlFirstTouchOnApprove: false,
    };
    const services = { deps, config, crafter: null, batches: store, jobs, webhookAuthFailures: new WebhookAuthFailures(store), replayPassRate: async () => 1, metrics: new AppMetrics() };
    jobs.work(jobHandler(services));
    // Warm-up: an uncounted tick and batch (JIT, connections, the fake).
    await seed(store, 0, WARM_UP, at);
    await dispatchAll(services, fake, WARM_UP);
    await capacity(fake.baseUrl, WARM_UP);
    await seed(store, WARM_UP, CARDS, at);
    const seconds = await dispatchAll(services, fake, CARDS);
    const dispatchPerSecond = CARDS / seconds;
    const rawPerSecond = await capacity(fake.baseUrl, CARDS);
    // A floor against regressions (measured about 0.06 on the 2-core reference machine):
    // each send is some 30 Redis round trips (policy reads, claim, outcome, audit, lease).
    return { dispatcher_on_bullmq_vs_fake_capacity: { dispatchPerSecond: Math.round(dispatchPerSecond), rawPerSecond: Math.round(rawPerSecond), inFlight: 1, ratio: dispatchPerSecond / rawPerSecond, target: 0.03 } };
  } finally {
    await jobs.close();
    await client.close();
    await store.close();
    await fake.stop();
    const redis = createRedisClient({ url: REDIS_URL });
    await redis.connect();
    await deleteKeys(redis, `{${prefix}:*`);
    redis.disconnect();
  }
};
