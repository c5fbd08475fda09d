import { FileStateStore } from '@caio/adapters-file';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { initialControls, type Batch, type BatchListing, type StateStore } from '@caio/core';
import { aCard, aLead, FakeInstantly, OwnRedis } from '@caio/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, startAppProcess, type AppProcess } from './support/app-process.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { waitUntil } from './support/shared-redis.js';

/*
 * Batch execution as a job survives its worker: `caio serve` processes in live mode
 * against a slow fake Instantly (200 ms per lead). The dispatcher snapshots the approved
 * cards into its batch and runs it as a job; the process running it is killed with
 * SIGKILL mid-batch (or the Redis under it is killed and restarted). Another process
 * resumes the job. Ground truth is the fake's request log: no lead twice, and every lead
 * but at most the one in flight at the crash (left `sending`, for recovery to make
 * `unknown`) reached the provider.
 */

const TOKEN = 'job-crash-dashboard-token-0123456789';
const WEBHOOK_SECRET = 'job-crash-webhook-secret-0123456789';
const CARDS = 12;
const DELAY_MS = 200;

type Json = Record<string, any>;

let instantly: FakeInstantly;
beforeAll(async () => {
  buildApp();
  instantly = await new FakeInstantly().start();
}, 120_000);
afterAll(async () => instantly?.stop());

const leadRequests = () => instantly.requestsWhere({ route: 'POST /leads' }).map((r) => String((r.body as Json).email).split('@')[0]!);

/** Approved Instantly cards for `group`, the window overridden (as every instance is configured). */
const seed = async (store: StateStore, group: string): Promise<void> => {
  const at = new Date().toISOString();
  const controls = (await store.getControls())._unsafeUnwrap();
  if (!controls.sendWindowOverride) (await store.putControls({ ...initialControls(at), sendWindowOverride: true, version: controls.version + 1 }, controls.version))._unsafeUnwrap();
  for (let n = 0; n < CARDS; n++) {
    const lead = aLead(`${group}${String(n).padStart(2, '0')}`, {}, at);
    (await store.putLead(lead, null))._unsafeUnwrap();
    const card = aCard(`card_${lead.id}`, lead, { channel: 'instantly', campaignId: 'cmp-1' }, at);
    (await store.putCard({ ...card, status: 'approved', approvedBy: 'reviewer', approvedAt: at, version: 2 }, null))._unsafeUnwrap();
  }
  instantly.inject('POST /leads', ...Array.from({ length: CARDS }, () => ({ delayMs: DELAY_MS })));
};

const appEnv = (backend: Record<string, string>, dir: string): Record<string, string> => ({
  ...backend,
  STATE_DIR: dir,
  ...liveProviderEnv({ instantly }),
  SEND_CHANNELS: 'instantly',
  SEND_TIMEZONE: 'UTC',
  SUPERVISED_SEND_WINDOW_OVERRIDE: 'true',
  DAILY_SEND_CAP: '1000',
  DASHBOARD_AUTH_TOKEN: TOKEN,
  // This test sends no webhook; live mode still wants every provider's authenticator.
  INSTANTLY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  HEYREACH_WEBHOOK_SECRET: WEBHOOK_SECRET,
  CLAY_WEBHOOK_SECRET: WEBHOOK_SECRET,
  RB2B_WEBHOOK_SECRET: WEBHOOK_SECRET,
  GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('job-crash-standard-webhooks').toString('base64')}`,
  DISPATCH_TICK_SECONDS: '1',
  JOBS_LOCK_MS: '2000',
  LOG_LEVEL: 'warn',
});

const dispatcherBatch = async (batches: BatchListing): Promise<Batch | undefined> =>
  (await batches.listBatches({ limit: 100 }))._unsafeUnwrap().items.find((b) => b.createdBy === 'system:dispatcher');

/** What must hold after any crash: no lead twice at the provider, and at most the one in flight lost. */
const assertExactlyOnceButTheInFlight = (group: string) => {
  const sent = leadRequests().filter((p) => p.startsWith(group));
  const counts = sent.reduce((m, p) => m.set(p, (m.get(p) ?? 0) + 1), new Map<string, number>());
  expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  expect(sent.length).toBeGreaterThanOrEqual(CARDS - 1);
};

const jobOf = async (instance: AppProcess, batchId: string): Promise<Json> =>
  ((await (await fetch(`${instance.base}/api/batches/${batchId}`, { headers: { 'x-dashboard-token': TOKEN } })).json()) as Json);

describe('a worker killed with SIGKILL mid-batch', () => {
  it('on Redis (BullMQ): another instance retakes the stalled job and finishes it, never resending', async () => {
    const redis = await OwnRedis.start();
    const dirs = [mkdtempSync(join(tmpdir(), 'caio-crash-a-')), mkdtempSync(join(tmpdir(), 'caio-crash-b-'))];
    const prefix = `caio-crash-${process.pid}`;
    (await initializeRedisEpoch({ url: redis.url, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    const store = (await openRedisStateStore({ url: redis.url, keyPrefix: prefix }))._unsafeUnwrap();
    const started: AppProcess[] = [];
    try {
      await seed(store, 'r');
      const backend = { STATE_BACKEND: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix };
      const a = await startAppProcess('a', appEnv(backend, dirs[0]!));
      started.push(a);
      await waitUntil(() => leadRequests().filter((p) => p.startsWith('r')).length >= 3, 20_000, 'the first sends');
      await a.kill();
      const atKill = leadRequests().filter((p) => p.startsWith('r')).length;
      expect(atKill).toBeLessThan(CARDS);
      const b = await startAppProcess('b', appEnv(backend, dirs[1]!));
      started.push(b);
      await waitUntil(async () => (await dispatcherBatch(store))?.status === 'executed', 40_000, 'the batch to finish on b');
      assertExactlyOnceButTheInFlight('r');
      const batch = (await dispatcherBatch(store))!;
      const view = await jobOf(b, batch.id);
      // The job ran at least twice: on a (killed) and again on b.
      expect(view.job.attempts, JSON.stringify(view.job)).toBeGreaterThanOrEqual(2);
      expect(view.progress.total).toBe(CARDS);
    } finally {
      await Promise.all(started.map((p) => p.stop()));
      await store.close();
      await redis.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('on the file store (in-process runner): the next process resumes the batch left executing, never resending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caio-crash-file-'));
    const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
    const started: AppProcess[] = [];
    try {
      await seed(store, 'f');
      const a = await startAppProcess('a', appEnv({ STATE_BACKEND: 'file' }, dir));
      started.push(a);
      await waitUntil(() => leadRequests().filter((p) => p.startsWith('f')).length >= 3, 20_000, 'the first sends');
      await a.kill();
      expect(leadRequests().filter((p) => p.startsWith('f')).length).toBeLessThan(CARDS);
      expect((await dispatcherBatch(store))?.status).toBe('executing');
      const b = await startAppProcess('b', appEnv({ STATE_BACKEND: 'file' }, dir));
      started.push(b);
      await waitUntil(async () => (await dispatcherBatch(store))?.status === 'executed', 40_000, 'the batch to finish on b');
      assertExactlyOnceButTheInFlight('f');
    } finally {
      await Promise.all(started.map((p) => p.stop()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('Redis killed and restarted during a batch job', () => {
  it('the job finishes after Redis is back: nothing sent twice, nothing lost but the call in flight', async () => {
    const redis = await OwnRedis.start(['--appendonly', 'yes', '--appendfsync', 'always']);
    const dir = mkdtempSync(join(tmpdir(), 'caio-crash-redis-'));
    const prefix = `caio-restart-${process.pid}`;
    (await initializeRedisEpoch({ url: redis.url, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    const store = (await openRedisStateStore({ url: redis.url, keyPrefix: prefix }))._unsafeUnwrap();
    let app: AppProcess | undefined;
    try {
      await seed(store, 'k');
      app = await startAppProcess('a', appEnv({ STATE_BACKEND: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix }, dir));
      await waitUntil(() => leadRequests().filter((p) => p.startsWith('k')).length >= 3, 20_000, 'the first sends');
      await redis.kill();
      const whileDown = leadRequests().filter((p) => p.startsWith('k')).length;
      await new Promise((r) => setTimeout(r, 1_500));
      // Nothing more reaches the provider while the store is down (at most the call in flight).
      expect(leadRequests().filter((p) => p.startsWith('k')).length - whileDown).toBeLessThanOrEqual(1);
      await redis.up();
      await waitUntil(async () => (await store.health())._unsafeUnwrap().ok, 15_000, 'the store to reconnect');
      await waitUntil(async () => (await dispatcherBatch(store))?.status === 'executed', 60_000, 'the batch to finish after the restart');
      assertExactlyOnceButTheInFlight('k');
    } finally {
      await app?.stop();
      await store.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
