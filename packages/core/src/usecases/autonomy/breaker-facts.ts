import { ResultAsync } from 'neverthrow';
import type { BreakerFacts, BreakerThresholds } from '../../autonomy/breakers.js';
import type { StoreError } from '../../ports/store-error.js';
import type { CoreDeps } from '../support/core-deps.js';
import { listAllLedger } from '../reports/list-all-ledger.js';

/** Audit entries scanned (newest first) for bounces and complaints in the window. */
const AUDIT_TAIL = 10_000;
const BOUNCE_ACTIONS = new Set(['webhook.EmailBounced']);
const COMPLAINT_ACTIONS = new Set(['webhook.ComplaintReceived']);

/**
 * Reads the breakers' facts from the store: sends still `unknown` (with their claim
 * times), live sends claimed inside the rate window, and bounces and complaints the
 * webhooks recorded in it (from the audit log's tail). The webhook authentication
 * failures and the replay gate come from the caller (they are not store facts).
 *
 * @category model
 */
export const readBreakerFacts = (
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  input: { readonly thresholds: BreakerThresholds; readonly webhookAuthFailures: number; readonly replayPassRate: number | null },
): ResultAsync<BreakerFacts, StoreError> => {
  const now = deps.clock.now();
  const since = now.getTime() - input.thresholds.rateWindowHours * 3_600_000;
  const inWindow = (at: string): boolean => Date.parse(at) >= since;
  return ResultAsync.combine([
    deps.store.getControls(),
    listAllLedger(deps.store, { state: 'unknown' }),
    listAllLedger(deps.store, { state: 'sent' }),
    deps.store.listAudit({ limit: AUDIT_TAIL }),
  ] as const).map(([controls, unknown, sent, audit]) => {
    const recent = audit.filter((e) => inWindow(e.trace.at));
    return {
      now,
      stopEngaged: controls.emergencyStop.engaged,
      unknownClaimedAt: unknown.filter((e) => !e.sandbox).map((e) => e.claimedAt),
      sendsInWindow: sent.filter((e) => !e.sandbox && inWindow(e.claimedAt)).length,
      bouncesInWindow: recent.filter((e) => BOUNCE_ACTIONS.has(e.action)).length,
      complaintsInWindow: recent.filter((e) => COMPLAINT_ACTIONS.has(e.action)).length,
      webhookAuthFailures: input.webhookAuthFailures,
      replayPassRate: input.replayPassRate,
    };
  });
};
