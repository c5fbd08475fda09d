import { dayKey, DEFAULT_QUALITY_CONFIG, previousDayKey, recordDay, recoverStaleSending, tickCadence, type CardCrafter, type CoreDeps, type TraceEnvelope, type TraceId } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import { STALE_SENDING_MS } from '../composition/startup.js';
import type { ScheduledJob } from './scheduled-job.js';

/** Inbox events forgotten per store call, and calls per run (a backlog drains over runs). */
const PRUNE_BATCH = 1_000;
const PRUNE_BATCHES_PER_RUN = 20;

const traceFor = (deps: CoreDeps, job: string): TraceEnvelope => ({
  traceId: `trace_${job}_${deps.clock.now().getTime()}` as TraceId,
  actor: `system:scheduler:${job}`,
  at: deps.clock.now().toISOString(),
  origin: 'scheduler',
});

/**
 * The scheduled work of `caio serve`:
 * - `stale-sending-recovery`: `sending` claims older than the stale threshold become
 *   `unknown` (never a retry) so an operator or a provider webhook resolves them;
 * - `clean-day-accounting`: today's and yesterday's send-day records (send timezone),
 *   re-computed because a later resolution can make a day clean;
 * - `inbox-retention`: webhook inbox events past their retention (7 days) are forgotten
 *   (ids, claims, index entries), so the inbox does not grow without end;
 * - `cadence-tick`: due follow-ups crafted into pending cards (only when CADENCES is set).
 *
 * @category adapters
 */
export const scheduledJobs = (deps: CoreDeps, config: AppConfig, crafter: CardCrafter): readonly ScheduledJob[] => {
  const jobs: ScheduledJob[] = [
    {
      name: 'stale-sending-recovery',
      intervalMs: config.schedule.staleRecoveryMs,
      run: async () => {
        const recovered = await recoverStaleSending(deps, { olderThanMs: STALE_SENDING_MS, trace: traceFor(deps, 'stale-sending-recovery') });
        return recovered.isOk() ? { ok: true, summary: `${recovered.value.length} stale sending claim(s) marked unknown` } : { ok: false, summary: recovered.error._tag };
      },
    },
    {
      name: 'clean-day-accounting',
      intervalMs: config.schedule.cleanDayMs,
      run: async () => {
        const now = deps.clock.now();
        const days = [previousDayKey(now, config.policy.timeZone), dayKey(now, config.policy.timeZone)];
        const summaries: string[] = [];
        for (const day of days) {
          const record = await recordDay(deps, day);
          if (record.isErr()) return { ok: false, summary: `${day}: ${record.error._tag}` };
          summaries.push(`${day} ${record.value.clean ? 'clean' : 'not clean'}`);
        }
        return { ok: true, summary: summaries.join(', ') };
      },
    },
    {
      name: 'inbox-retention',
      intervalMs: config.schedule.inboxRetentionMs,
      run: async () => {
        let pruned = 0;
        for (let batch = 0; batch < PRUNE_BATCHES_PER_RUN; batch++) {
          const result = await deps.store.pruneInbox(deps.clock.now().toISOString(), PRUNE_BATCH);
          if (result.isErr()) return { ok: false, summary: `${pruned} inbox event(s) forgotten, then ${result.error._tag}` };
          pruned += result.value;
          if (result.value < PRUNE_BATCH) break;
        }
        return { ok: true, summary: `${pruned} inbox event(s) past retention forgotten` };
      },
    },
  ];
  if (config.cadences.length > 0) {
    jobs.push({
      name: 'cadence-tick',
      intervalMs: config.schedule.cadenceTickMs,
      run: async () => {
        const tick = await tickCadence(deps, { crafter, quality: DEFAULT_QUALITY_CONFIG }, { cadences: config.cadences, dryRun: false, trace: traceFor(deps, 'cadence-tick') });
        return tick.isOk() ? { ok: true, summary: `${tick.value.created.length} follow-up card(s) queued, ${tick.value.plan.held.length} held` } : { ok: false, summary: tick.error._tag };
      },
    });
  }
  return jobs;
};
