import {
  autonomyTick,
  dayKey,
  previousDayKey,
  DEFAULT_QUALITY_CONFIG,
  dispatcherTick,
  expirePending,
  recordDay,
  recoverStaleSending,
  sendDueApprovals,
  tickCadence,
  type JobOutcome,
  type PeriodicJobName,
  type TraceEnvelope,
  type TraceId,
} from '@caio/core';
import { STALE_SENDING_MS } from '../composition/startup.js';
import type { JobServices } from './job-services.js';

/** Inbox events forgotten per store call, and calls per run (a backlog drains over runs). */
const PRUNE_BATCH = 1_000;
const PRUNE_BATCHES_PER_RUN = 20;

const traceFor = (s: JobServices, job: PeriodicJobName): TraceEnvelope => ({
  traceId: `trace_${job}_${s.deps.clock.now().getTime()}` as TraceId,
  actor: `system:scheduler:${job}`,
  at: s.deps.clock.now().toISOString(),
  origin: 'scheduler',
});

const done = (summary: string): JobOutcome => ({ _tag: 'Done', summary });
const retry = (reason: string): JobOutcome => ({ _tag: 'Retry', reason });

/**
 * What each periodic job does. Every one is safe to run twice or concurrently with
 * itself on another instance (the ledger claim, compare-and-set writes and leases see
 * to it), because an engine runs jobs at least once.
 *
 * @category adapters
 */
export const periodicWork = (s: JobServices): Readonly<Record<PeriodicJobName, () => Promise<JobOutcome>>> => ({
  'dispatch-tick': async () => {
    const tick = await dispatcherTick(s.deps, { batches: s.batches, trace: traceFor(s, 'dispatch-tick') });
    if (tick.isErr()) return retry(tick.error._tag);
    const ids = [...(tick.value.created ? [tick.value.created.id] : []), ...tick.value.resume];
    for (const batchId of ids) {
      const queued = await s.jobs.enqueue({ kind: 'executeBatch', batchId, actor: 'system:dispatcher' });
      if (queued.isErr()) return retry(`batch ${batchId} not queued: ${queued.error.message}`);
    }
    return done(tick.value.summary);
  },
  'autonomy-tick': async () => {
    const now = s.deps.clock.now();
    const authFailures = await s.webhookAuthFailures.count(now);
    if (authFailures.isErr()) return retry(authFailures.error._tag);
    const tick = await autonomyTick(s.deps, {
      config: s.config.autonomy,
      webhookAuthFailures: authFailures.value,
      replayPassRate: await s.replayPassRate(),
      trace: traceFor(s, 'autonomy-tick'),
    });
    if (tick.isErr()) return retry(tick.error._tag);
    const r = tick.value;
    if (r._tag === 'Supervised') return done('supervised: nothing to do');
    if (r._tag === 'FellBack') return done(`fell back to supervised: ${r.trips.map((t) => t.breaker).join(', ')}`);
    return done(`${r.approved.length} card(s) approved by system:autonomy, ${r.holding} pending card(s) held`);
  },
  'expire-pending': async () => {
    const expired = await expirePending(s.deps, { ttlHours: s.config.pendingTtlHours, trace: traceFor(s, 'expire-pending') });
    return expired.isOk() ? done(`${expired.value.length} pending card(s) expired`) : retry(expired.error._tag);
  },
  'stale-sending-recovery': async () => {
    const recovered = await recoverStaleSending(s.deps, { olderThanMs: STALE_SENDING_MS, trace: traceFor(s, 'stale-sending-recovery') });
    return recovered.isOk() ? done(`${recovered.value.length} stale sending claim(s) marked unknown`) : retry(recovered.error._tag);
  },
  'clean-day-accounting': async () => {
    // Today and yesterday (send timezone): a later resolution can make a day clean.
    const now = s.deps.clock.now();
    const days = [previousDayKey(now, s.config.policy.timeZone), dayKey(now, s.config.policy.timeZone)];
    const summaries: string[] = [];
    for (const day of days) {
      const record = await recordDay(s.deps, day);
      if (record.isErr()) return retry(`${day}: ${record.error._tag}`);
      summaries.push(`${day} ${record.value.clean ? 'clean' : 'not clean'}`);
    }
    return done(summaries.join(', '));
  },
  'inbox-retention': async () => {
    let pruned = 0;
    for (let batch = 0; batch < PRUNE_BATCHES_PER_RUN; batch++) {
      const result = await s.deps.store.pruneInbox(s.deps.clock.now().toISOString(), PRUNE_BATCH);
      if (result.isErr()) return retry(`${pruned} inbox event(s) forgotten, then ${result.error._tag}`);
      pruned += result.value;
      if (result.value < PRUNE_BATCH) break;
    }
    return done(`${pruned} inbox event(s) past retention forgotten`);
  },
  'approval-sends': async () => {
    const sent = await sendDueApprovals(s.deps, { trace: { ...traceFor(s, 'approval-sends'), actor: 'system:dispatcher' } });
    return sent.isOk() ? done(`${sent.value.length} approval(s) past their undo window dispatched`) : retry(sent.error._tag);
  },
  'cadence-tick': async () => {
    if (s.config.cadences.length === 0) return done('no CADENCES configured');
    const tick = await tickCadence(s.deps, { crafter: s.crafter, quality: DEFAULT_QUALITY_CONFIG }, { cadences: s.config.cadences, dryRun: false, trace: traceFor(s, 'cadence-tick') });
    return tick.isOk() ? done(`${tick.value.created.length} follow-up card(s) queued, ${tick.value.plan.held.length} held`) : retry(tick.error._tag);
  },
});
