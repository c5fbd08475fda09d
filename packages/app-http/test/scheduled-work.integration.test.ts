import { RedisLockManager, createRedisClient } from '@caio/adapters-redis';
import { dayKey, type LockManager } from '@caio/core';
import { aCard, aClaim, aLead, InMemoryLockManager, ManualClock } from '@caio/testkit';
import { errAsync } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateCrafter } from '../src/crafting/template-crafter.js';
import { scheduledJobs } from '../src/scheduling/scheduled-jobs.js';
import { Scheduler } from '../src/scheduling/scheduler.js';
import type { ScheduledJob } from '../src/scheduling/scheduled-job.js';
import { startTestApp } from './support/test-app.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

const prefix = `caio-schedule-${process.pid}-${Date.now()}`;
const redis = createRedisClient({ url: 'redis://127.0.0.1:6379' });
beforeAll(async () => {
  await redis.connect();
});
afterAll(async () => {
  redis.disconnect();
  await removeRedisPrefixes([prefix]);
});

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const countingJob = (intervalMs: number): ScheduledJob & { runs: number } => {
  const job = {
    name: `counting-${Math.random().toString(36).slice(2)}`,
    intervalMs,
    runs: 0,
    run: async () => {
      job.runs++;
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true, summary: 'counted' };
    },
  };
  return job;
};

describe('scheduled work under a lease', () => {
  it('runs once among instances sharing one Redis, and again once the interval has passed', async () => {
    const job = countingJob(400);
    const instances = Array.from({ length: 5 }, () => new Scheduler([job], new RedisLockManager(redis, prefix), silent));
    const first = await Promise.all(instances.map((s) => s.runNow(job.name)));
    expect(first.filter((r) => r._tag === 'Ran')).toHaveLength(1);
    expect(first.filter((r) => r._tag === 'HeldElsewhere')).toHaveLength(4);
    expect(job.runs).toBe(1);
    const holder = first.findIndex((r) => r._tag === 'Ran');
    // Still inside the interval: a late timer on another instance skips.
    expect((await instances[(holder + 1) % 5]!.runNow(job.name))._tag).toBe('HeldElsewhere');
    await new Promise((r) => setTimeout(r, 450));
    // The next tick: the holder renews its lease and runs; the others still skip.
    const second = await Promise.all(instances.map((s) => s.runNow(job.name)));
    expect(second.map((r) => r._tag === 'Ran')).toEqual(instances.map((_, i) => i === holder));
    expect(job.runs).toBe(2);
    // A holder that stops releases its leases: another instance takes over at its next tick.
    await instances[holder]!.stop();
    expect((await instances[(holder + 1) % 5]!.runNow(job.name))._tag).toBe('Ran');
    for (const s of instances) await s.stop();
  });

  it('never skips its own next tick: seven ticks at one interval, seven runs, the lock round trip taking varying time (manual clock)', async () => {
    const clock = new ManualClock('2026-03-02T20:00:00.000Z');
    const inner = new InMemoryLockManager(clock);
    // A lock call takes 3 ms on even ticks and 1 ms on odd ones: with a lease of exactly
    // one interval, an odd tick's call came before the lease of the tick before expired.
    let latency = 3;
    const delayed = <T>(call: () => T): T => {
      clock.advance(latency);
      return call();
    };
    const locks: LockManager = { acquire: (r, t) => delayed(() => inner.acquire(r, t)), renew: (l, t) => delayed(() => inner.renew(l, t)), release: (l) => delayed(() => inner.release(l)) };
    const job = countingJob(60_000);
    const a = new Scheduler([job], locks, silent);
    const b = new Scheduler([job], locks, silent);
    const start = clock.now().getTime();
    const results: string[] = [];
    for (let tick = 0; tick < 7; tick++) {
      clock.set(new Date(start + tick * 60_000));
      latency = tick % 2 === 0 ? 3 : 1;
      // Two instances whose timers fire at the same moment: exactly one runs each minute.
      const [ra, rb] = [await a.runNow(job.name), await b.runNow(job.name)];
      results.push(`${ra._tag}/${rb._tag}`);
    }
    expect(results).toEqual(Array(7).fill('Ran/HeldElsewhere'));
    expect(job.runs).toBe(7);
  });

  it('on Redis, runs on every tick of its own timer (no tick skipped because of its own lease)', async () => {
    const job = countingJob(150);
    // Every tick asks the lock store once (acquire, or renew once held): that counts the ticks.
    const redisLocks = new RedisLockManager(redis, prefix);
    let ticks = 0;
    const locks: LockManager = {
      acquire: (r, t) => (ticks++, redisLocks.acquire(r, t)),
      renew: (l, t) => (ticks++, redisLocks.renew(l, t)),
      release: (l) => redisLocks.release(l),
    };
    const scheduler = new Scheduler([job], locks, silent);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 1_100));
    await scheduler.stop();
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(job.runs).toBe(ticks);
  });

  it('a run in progress is not started twice on one instance', async () => {
    const job = countingJob(60_000);
    const scheduler = new Scheduler([job], new RedisLockManager(redis, prefix), silent);
    const [a, b] = await Promise.all([scheduler.runNow(job.name), scheduler.runNow(job.name)]);
    expect(a).toBe(b);
    expect(job.runs).toBe(1);
  });

  it('does not run the job when the lock store is unreachable (fail closed)', async () => {
    const job = countingJob(1_000);
    const down: LockManager = {
      acquire: () => errAsync({ _tag: 'StoreUnavailable', detail: 'down' } as never),
      renew: () => errAsync({ _tag: 'StoreUnavailable', detail: 'down' } as never),
      release: () => errAsync({ _tag: 'StoreUnavailable', detail: 'down' } as never),
    };
    expect((await new Scheduler([job], down, silent).runNow(job.name))._tag).toBe('LockUnavailable');
    expect(job.runs).toBe(0);
  });

  it('fires on its interval once started and stops cleanly', async () => {
    const job = countingJob(60);
    const scheduler = new Scheduler([job], new RedisLockManager(redis, prefix), silent);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 400));
    await scheduler.stop();
    const runs = job.runs;
    expect(runs).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 150));
    expect(job.runs).toBe(runs);
  });
});

describe('the jobs of caio serve', () => {
  it('recovers a stale sending claim into unknown, never into a retry', async () => {
    const { services, store, clock, channels } = await startTestApp();
    const lead = (await store.putLead(aLead('stale'), null))._unsafeUnwrap();
    const card = aCard('card_stale', lead, { status: 'queued' });
    const saved = (await store.putCard({ ...card, approvedBy: 'reviewer' }, null))._unsafeUnwrap();
    (await store.claimSend(aClaim(saved, { trace: { traceId: 't' as never, actor: 'test', at: clock.now().toISOString(), origin: 'test' } })))._unsafeUnwrap();
    const jobs = scheduledJobs(services.deps, services.config, new TemplateCrafter());
    const recovery = jobs.find((j) => j.name === 'stale-sending-recovery')!;
    expect((await recovery.run()).summary).toBe('0 stale sending claim(s) marked unknown');
    clock.advance(3 * 60_000);
    expect(await recovery.run()).toEqual({ ok: true, summary: '1 stale sending claim(s) marked unknown' });
    expect((await store.getLedgerEntry(card.id, 0))._unsafeUnwrap()?.state).toBe('unknown');
    expect(channels.ghl_email.delivered).toHaveLength(0);
  });

  it('records today and yesterday in the send timezone', async () => {
    const { services, store, clock } = await startTestApp();
    const recorder = scheduledJobs(services.deps, services.config, new TemplateCrafter()).find((j) => j.name === 'clean-day-accounting')!;
    expect((await recorder.run()).ok).toBe(true);
    const records = (await store.listDayRecords(10))._unsafeUnwrap().map((r) => r.day).sort();
    const today = dayKey(clock.now(), services.config.policy.timeZone);
    expect(records).toContain(today);
    expect(records).toHaveLength(2);
  });

  it('forgets webhook inbox events past their retention, and only those', async () => {
    const { services, store, clock } = await startTestApp();
    const record = (id: string) =>
      store.recordInboxEvent({ eventId: id as never, provider: 'instantly', receivedAt: clock.now().toISOString(), expiresAt: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString(), payload: {} });
    await record('evt_a');
    await record('evt_b');
    clock.advance(3 * 86_400_000);
    await record('evt_c');
    const retention = scheduledJobs(services.deps, services.config, new TemplateCrafter()).find((j) => j.name === 'inbox-retention')!;
    expect(await retention.run()).toEqual({ ok: true, summary: '0 inbox event(s) past retention forgotten' });
    clock.advance(5 * 86_400_000);
    expect(await retention.run()).toEqual({ ok: true, summary: '2 inbox event(s) past retention forgotten' });
    expect((await store.listPendingInbox(10))._unsafeUnwrap().map((e) => e.eventId)).toEqual(['evt_c']);
  });

  it('has a cadence tick only when CADENCES is configured, and it queues due follow-ups', async () => {
    const none = await startTestApp();
    expect(scheduledJobs(none.services.deps, none.services.config, new TemplateCrafter()).map((j) => j.name)).not.toContain('cadence-tick');
    const { services, store, clock } = await startTestApp({ CADENCES: 'ghl_email=3' });
    const lead = (await store.putLead(aLead('ada'), null))._unsafeUnwrap();
    const card = aCard('card_ada', lead, { status: 'queued' });
    const saved = (await store.putCard({ ...card, approvedBy: 'reviewer' }, null))._unsafeUnwrap();
    const claimed = (await store.claimSend(aClaim(saved, { dayKey: dayKey(clock.now(), services.config.policy.timeZone) })))._unsafeUnwrap();
    (await store.recordOutcome({ cardId: card.id, step: 0, attemptId: claimed.attemptId, outcome: { state: 'sent', receipt: { messageId: 'm1' } }, trace: { traceId: 't' as never, actor: 'test', at: clock.now().toISOString(), origin: 'test' } }))._unsafeUnwrap();
    const tick = scheduledJobs(services.deps, services.config, new TemplateCrafter()).find((j) => j.name === 'cadence-tick')!;
    expect((await tick.run()).summary).toBe('0 follow-up card(s) queued, 1 held');
    clock.advance(3 * 86_400_000 + 1);
    expect((await tick.run()).summary).toBe('1 follow-up card(s) queued, 0 held');
    expect((await tick.run()).summary).toBe('0 follow-up card(s) queued, 1 held');
    const cards = (await store.listCards({ leadId: lead.id, limit: 10 }))._unsafeUnwrap().items;
    expect(cards.filter((c) => c.step === 1)).toEqual([expect.objectContaining({ status: 'pending', channel: 'ghl_email' })]);
  });
});
