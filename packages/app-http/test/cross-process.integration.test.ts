import { FileStateStore } from '@caio/adapters-file';
import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { createBatch, DEFAULT_REJECTION_TAXONOMY, DEFAULT_SEND_POLICY_CONFIG, initialControls, silentLogger, type BatchId, type CardId, type CoreDeps, type StateStore } from '@caio/core';
import { aCard, aLead, OwnRedis, SequentialIds } from '@caio/testkit';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

const DISPATCHER = fileURLToPath(new URL('./fixtures/dispatcher.mjs', import.meta.url));

beforeAll(() => {
  // The child processes run the built packages.
  execFileSync('npx', ['tsc', '-b', 'packages/app-http'], { cwd: fileURLToPath(new URL('../../..', import.meta.url)), stdio: 'inherit' });
}, 120_000);

interface Delivery {
  cardId: string;
  leadKeys: string[];
}

let server: Server;
let url = '';
const deliveries: Delivery[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (c: Buffer) => (body += c.toString()));
    request.on('end', () => {
      deliveries.push(JSON.parse(body) as Delivery);
      setTimeout(() => response.end('{}'), 2);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/send`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const runChild = (spec: string, batchId: string, worker: string, recover = false, leaseMs?: number) => {
  const env = leaseMs === undefined ? process.env : { ...process.env, CAIO_TEST_LEASE_MS: String(leaseMs) };
  const child = spawn(process.execPath, [DISPATCHER, spec, url, batchId, worker, ...(recover ? ['recover'] : [])], { stdio: ['ignore', 'pipe', 'inherit'], env });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<string>((resolve) => child.on('exit', () => resolve(out.trim())));
  return { child, exited };
};

const since = (mark: number) => deliveries.slice(mark);

/** 20 people, each with a GHL and an Instantly card: 40 approved cards racing for 20 first touches. */
const seed = async (store: StateStore): Promise<BatchId[]> => {
  const now = new Date().toISOString();
  for (let p = 0; p < 20; p++) {
    const lead = aLead(`p${String(p).padStart(2, '0')}`, {}, now);
    await store.putLead(lead, null);
    for (const channel of ['ghl_email', 'instantly'] as const) {
      const card = aCard(`card_${String(p).padStart(2, '0')}_${channel}`, lead, { channel, ...(channel === 'instantly' ? { campaignId: 'cmp' } : {}) }, now);
      await store.putCard({ ...card, status: 'approved', approvedBy: 'reviewer', approvedAt: now, version: 2 }, null);
    }
  }
  await store.putControls({ ...initialControls(now), sendWindowOverride: true, version: 1 }, 0);
  const deps: CoreDeps = {
    store,
    clock: { now: () => new Date() },
    ids: new SequentialIds(),
    logger: silentLogger,
    channels: {},
    policy: { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 100_000 },
    campaigns: () => ({ instantly: new Set(['cmp']) }),
    taxonomy: DEFAULT_REJECTION_TAXONOMY,
    sendGhlFirstTouchOnApprove: false,
  };
  const all = (await store.listCards({ status: 'approved', limit: 1000 }))._unsafeUnwrap().items.map((c) => c.id);
  // Three overlapping snapshots of the same approved cards.
  const slices = [all.slice(0, 28), all.slice(12, 40), [...all].reverse()];
  const batches: BatchId[] = [];
  for (const cardIds of slices) batches.push((await createBatch(deps, { cardIds: cardIds as CardId[], trace: { traceId: 'trace_seed' as never, actor: 'ops', at: now, origin: 'test' } }))._unsafeUnwrap().id);
  return batches;
};

const assertAtMostOnce = (sent: readonly Delivery[]) => {
  const perCard = new Map<string, number>();
  for (const d of sent) perCard.set(d.cardId, (perCard.get(d.cardId) ?? 0) + 1);
  expect([...perCard.entries()].filter(([, n]) => n > 1)).toEqual([]);
  const people = sent.map((d) => d.leadKeys[0]);
  expect(new Set(people).size).toBe(people.length);
};

type Backend = { name: string; open: () => Promise<{ store: StateStore; spec: string; dispose: () => Promise<void> }> };
const backends: Backend[] = [
  {
    name: 'file store',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'caio-xproc-'));
      return { store: (await FileStateStore.open({ dir }))._unsafeUnwrap(), spec: `file:${dir}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'Redis',
    open: async () => {
      const prefix = `caio-xproc:${process.pid}:${Date.now()}`;
      (await initializeRedisEpoch({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
      return { store: (await openRedisStateStore({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix }))._unsafeUnwrap(), spec: `redis:redis://127.0.0.1:6379#${prefix}`, dispose: () => removeRedisPrefixes([prefix]) };
    },
  },
];

describe.each(backends)('separate processes on one $name', ({ open }) => {
  it('three dispatchers on overlapping batches send every card at most once and each person one first touch', async () => {
    const { store, spec, dispose } = await open();
    const batches = await seed(store);
    await store.close();
    const mark = deliveries.length;
    // Live dispatchers on their own batches: a lease long enough that load never expires it mid-batch.
    const outputs = await Promise.all(batches.map((b, i) => runChild(spec, b, `w${i}`, false, 15_000).exited));
    expect(outputs.every((o) => o.startsWith('done'))).toBe(true);
    const sent = since(mark);
    assertAtMostOnce(sent);
    expect(sent).toHaveLength(20);
    await dispose();
  }, 90_000);

  it('kill -9 mid-dispatch, again and again: nothing is sent twice and the rest goes out after recovery', async () => {
    const { store, spec, dispose } = await open();
    const [batch] = await seed(store);
    await store.close();
    const mark = deliveries.length;
    for (let round = 0; round < 3; round++) {
      const { child, exited } = runChild(spec, batch!, `k${round}`, true);
      const before = deliveries.length;
      while (deliveries.length < before + 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
      child.kill('SIGKILL');
      await exited;
      await new Promise((r) => setTimeout(r, 600)); // the killed dispatcher's lease expires
    }
    expect(await runChild(spec, batch!, 'final', true).exited).toBe('done executed');
    assertAtMostOnce(since(mark));
    await dispose();
  }, 90_000);
});

describe('Redis killed and restarted during dispatch', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await OwnRedis.start(['--appendonly', 'yes', '--appendfsync', 'always']);
  }, 30_000);
  afterAll(async () => redis.stop());

  it('stops sending while Redis is down, reports unready, and sends nothing twice after it is back', async () => {
    const prefix = `caio-kill:${process.pid}`;
    (await initializeRedisEpoch({ url: redis.url, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    const store = (await openRedisStateStore({ url: redis.url, keyPrefix: prefix, commandTimeoutMs: 500 }))._unsafeUnwrap();
    const [batch] = await seed(store);
    const mark = deliveries.length;
    const { exited } = runChild(`redis:${redis.url}#${prefix}`, batch!, 'r1');
    while (deliveries.length < mark + 4) await new Promise((r) => setTimeout(r, 2));
    await redis.kill();
    const whileDown = deliveries.length;
    expect(await exited).toMatch(/^done/);
    expect((await store.health())._unsafeUnwrap()).toMatchObject({ ok: false });
    // At most the call in flight when Redis died went out after the kill.
    expect(deliveries.length - whileDown).toBeLessThanOrEqual(1);
    await redis.up(); // AOF with fsync always: the data survives the kill
    const deadline = Date.now() + 10_000;
    while (!(await store.health())._unsafeUnwrap().ok && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await store.health())._unsafeUnwrap()).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 600)); // the first dispatcher's lease expires
    expect(await runChild(`redis:${redis.url}#${prefix}`, batch!, 'r2', true).exited).toBe('done executed');
    assertAtMostOnce(since(mark));
    await store.close();
  }, 90_000);
});
