import { DEFAULT_QUALITY_CONFIG, listInDoubtSends, recoverStaleSending, replayPendingInbox, type CoreDeps, type TraceId } from '@caio/core';
import { parseStoredEvent } from './stored-event.js';
import type { AppConfig } from '../config/app-config.js';
import { seedDemo } from '../demo/seed-demo.js';

/** A sending claim older than this at start-up belongs to a process that died. */
export const STALE_SENDING_MS = 2 * 60_000;

export interface StartupReport {
  /** Stale `sending` claims (older than STALE_SENDING_MS) turned `unknown` now. */
  readonly recoveredUnknown: number;
  /** Younger `sending` claims left alone (another instance may be sending them); the recovery job takes them once stale. */
  readonly stillSending: number;
  readonly replayedEvents: number;
  readonly seededCards: number;
}

/**
 * What runs before the app takes traffic: the env's window override is written to the
 * controls (audited), stale `sending` claims become `unknown`, webhook events recorded
 * but never applied are applied, and an empty sandbox store gets demonstration cards.
 *
 * @category adapters
 */
export const runStartup = async (deps: CoreDeps, config: AppConfig): Promise<StartupReport> => {
  const trace = { traceId: `trace_startup_${Date.now()}` as TraceId, actor: 'system:startup', at: deps.clock.now().toISOString(), origin: 'scheduler' as const };
  const controls = await deps.store.getControls();
  if (controls.isOk() && controls.value.sendWindowOverride !== config.windowOverride) {
    const next = { ...controls.value, sendWindowOverride: config.windowOverride, version: controls.value.version + 1, updatedAt: trace.at };
    const saved = await deps.store.putControls(next, controls.value.version);
    if (saved.isOk()) await deps.store.appendAudit({ id: deps.ids.next('audit'), trace, action: 'controls.window_override_set', detail: { override: config.windowOverride, source: 'SUPERVISED_SEND_WINDOW_OVERRIDE' } });
  }
  const recovered = await recoverStaleSending(deps, { olderThanMs: STALE_SENDING_MS, trace });
  const stillSending = await listInDoubtSends(deps, 0);
  // An instance that only accepts webhooks (WEBHOOK_APPLIER_ENABLED=false) leaves them to the appliers.
  const replayed = config.webhookApplierEnabled ? await replayPendingInbox(deps, trace, parseStoredEvent) : null;
  const seeded = config.demoSeed ? await seedDemo(deps, DEFAULT_QUALITY_CONFIG) : null;
  return {
    recoveredUnknown: recovered.isOk() ? recovered.value.length : 0,
    stillSending: stillSending.isOk() ? stillSending.value.length : 0,
    replayedEvents: replayed?.isOk() ? replayed.value : 0,
    seededCards: seeded?.isOk() ? seeded.value : 0,
  };
};
