import { initializeRedisEpoch, openRedisStateStore } from '@caio/adapters-redis';
import { dayKey, initialControls, type Channel, type StateStore } from '@caio/core';
import { aCard, aLead, FakeGhl, FakeHeyReach, FakeInstantly } from '@caio/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, startAppProcess, type AppProcess } from './support/app-process.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { providerTouches } from './support/provider-touches.js';
import { topologies, waitUntil, type SharedRedis } from './support/shared-redis.js';

/*
 * The dispatcher on every instance: three `caio serve` processes share one Redis (then a
 * three-master cluster) and its BullMQ queue, each with a worker, the dispatcher ticking
 * every second. Nobody calls the batch API. Every approved card is sent exactly once at
 * the fake providers, and the day's cap and HeyReach's own cap (SEND_CHANNEL_CAPS) hold
 * across the instances: 12 + 12 + 4 cards may go, exactly the day's cap of 28.
 */

const TOKEN = 'dispatcher-scale-dashboard-token-0123456789';
const SECRET = 'dispatcher-scale-webhook-secret-0123456789';
const PER_CHANNEL = 12;
const HEYREACH_CAP = 4;
const CAP = 2 * PER_CHANNEL + HEYREACH_CAP;

type Json = Record<string, any>;

describe.each(topologies)('the dispatcher on three instances sharing $name', ({ start }) => {
  let shared: SharedRedis | undefined;
  let ghl: FakeGhl;
  let instantly: FakeInstantly;
  let heyreach: FakeHeyReach;
  let store: StateStore;
  const instances: AppProcess[] = [];
  const dirs: string[] = [];
  const prefix = `caio-dispatch-${process.pid}`;

  const touches = (): string[] => providerTouches({ ghl, instantly, heyreach }).map((t) => t.person);

  beforeAll(async () => {
    buildApp();
    shared = await start();
    [ghl, instantly, heyreach] = await Promise.all([new FakeGhl().start(), new FakeInstantly().start(), new FakeHeyReach().start()]);
    (await initializeRedisEpoch({ ...shared.connection, keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
    store = (await openRedisStateStore({ ...shared.connection, keyPrefix: prefix }))._unsafeUnwrap();
    const at = new Date().toISOString();
    (await store.putControls({ ...initialControls(at), sendWindowOverride: true, version: 1 }, 0))._unsafeUnwrap();
    // 36 people, one approved card each, 12 per channel: more than the day's cap of 28.
    const channels: [Channel, string | undefined][] = [['ghl_email', undefined], ['instantly', 'cmp-1'], ['heyreach', '4242']];
    for (const [c, [channel, campaignId]] of channels.entries()) {
      for (let n = 0; n < PER_CHANNEL; n++) {
        const lead = aLead(`d${c}${String(n).padStart(2, '0')}`, {}, at);
        (await store.putLead(lead, null))._unsafeUnwrap();
        const card = aCard(`card_${lead.id}`, lead, { channel, ...(campaignId ? { campaignId } : {}) }, at);
        (await store.putCard({ ...card, status: 'approved', approvedBy: 'reviewer', approvedAt: at, version: 2 }, null))._unsafeUnwrap();
      }
    }
    const env = (dir: string): Record<string, string> => ({
      STATE_BACKEND: 'redis',
      ...shared!.env,
      REDIS_KEY_PREFIX: prefix,
      STATE_DIR: dir,
      ...liveProviderEnv({ ghl, instantly, heyreach }),
      SEND_TIMEZONE: 'UTC',
      SUPERVISED_SEND_WINDOW_OVERRIDE: 'true',
      DAILY_SEND_CAP: String(CAP),
      SEND_CHANNEL_CAPS: `heyreach=${HEYREACH_CAP}`,
      DASHBOARD_AUTH_TOKEN: TOKEN,
      INSTANTLY_WEBHOOK_SECRET: SECRET,
      CLAY_WEBHOOK_SECRET: SECRET,
      RB2B_WEBHOOK_SECRET: SECRET,
      HEYREACH_WEBHOOK_SECRET: SECRET,
      GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('dispatcher-scale-standard').toString('base64')}`,
      DISPATCH_TICK_SECONDS: '1',
      JOBS_REQUIRED: 'true',
      LOG_LEVEL: 'warn',
    });
    for (let i = 0; i < 3; i++) dirs.push(mkdtempSync(join(tmpdir(), `caio-dispatch-${i}-`)));
    const started = await Promise.allSettled(dirs.map((dir, i) => startAppProcess(`app${i}`, env(dir))));
    instances.push(...started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await store?.close();
    await Promise.all([ghl?.stop(), instantly?.stop(), heyreach?.stop()]);
    await shared?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('sends every approved card exactly once, up to the caps shared by the instances, with nobody calling the batch API', async () => {
    await waitUntil(() => touches().length >= CAP, 30_000, `${CAP} sends`);
    // A few more ticks on every instance: nothing beyond the cap, nothing twice.
    await new Promise((r) => setTimeout(r, 3_000));
    const sent = touches();
    expect(sent).toHaveLength(CAP);
    expect(new Set(sent).size).toBe(CAP);
    expect((await store.countDaySends(dayKey(new Date(), 'UTC')))._unsafeUnwrap()).toBe(CAP);
    // HeyReach stopped at its own cap; the other channels sent all they had.
    const byProvider = providerTouches({ ghl, instantly, heyreach }).reduce<Record<string, number>>((n, t) => ({ ...n, [t.provider]: (n[t.provider] ?? 0) + 1 }), {});
    expect(byProvider).toEqual({ ghl: PER_CHANNEL, instantly: PER_CHANNEL, heyreach: HEYREACH_CAP });
    expect((await store.countDayChannelSends(dayKey(new Date(), 'UTC')))._unsafeUnwrap()).toEqual({ ghl_email: PER_CHANNEL, instantly: PER_CHANNEL, heyreach: HEYREACH_CAP });
    // Each provider's rate window was respected across the instances.
    for (const [fake, limit] of [[ghl, 100], [instantly, 100], [heyreach, 300]] as const) expect(Math.max(...fake.windowCounts())).toBeLessThanOrEqual(limit);
    const batches = (await (await fetch(`${instances[0]!.base}/api/batches`, { headers: { 'x-dashboard-token': TOKEN } })).json()) as Json;
    expect(batches.batches.length).toBeGreaterThan(0);
    expect(batches.batches.every((b: Json) => b.created_by === 'system:dispatcher')).toBe(true);
    // Every instance reports the shared engine: connected, three workers, the dispatcher's last run.
    for (const i of instances) {
      const ready = (await (await fetch(`${i.base}/readyz`)).json()) as Json;
      expect(ready, i.output()).toMatchObject({ ready: true, jobs: { engine: 'bullmq', healthy: true, connected: true, required: true } });
      expect(ready.jobs.workers).toBeGreaterThanOrEqual(3);
      expect(ready.jobs.last_runs['dispatch-tick']).toMatchObject({ ok: true });
    }
  }, 60_000);
});
