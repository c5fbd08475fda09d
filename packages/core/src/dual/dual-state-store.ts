import { ResultAsync } from 'neverthrow';
import type { StateStore, StoreHealth } from '../ports/state-store.js';
import { dualAuditLog } from './dual-audit-log.js';
import { dualAuditTrail } from './dual-audit-trail.js';
import { dualBatches } from './dual-batches.js';
import { dualCadenceStops } from './dual-cadence-stops.js';
import { dualCards } from './dual-cards.js';
import { dualControls } from './dual-controls.js';
import { dualEventCounts } from './dual-event-counts.js';
import { dualDayRecords } from './dual-day-records.js';
import { dualErasure, dualIdentityStore, dualSuppressionList } from './dual-identity.js';
import { dualPolicyInputs } from './dual-policy-inputs.js';
import { dualLeads } from './dual-leads.js';
import { dualReviewQueue } from './dual-review-queue.js';
import { DualRouter, type DualStateStoreOptions } from './dual-router.js';
import { dualSendLedger } from './dual-send-ledger.js';
import { dualStoreRecords } from './dual-store-records.js';
import { dualSuppressions } from './dual-suppressions.js';
import { dualWebhookInbox } from './dual-webhook-inbox.js';
import type { DriftRecord, DriftReport } from './drift.js';
import type { StoreError } from '../ports/store-error.js';

export type { DualStateStoreOptions } from './dual-router.js';

/** The operations the role files provide; the store object itself adds health and close. */
type RoleOperations = Omit<StateStore, 'health' | 'close'>;

/**
 * The cutover combinator over two `StateStore`s (architecture section 4): the primary
 * (Redis) answers every call; with `dualRead` the secondary (file) is read too and every
 * difference is reported; with `fallbackWrite` every write that the primary accepted is
 * applied to the secondary as well, and a write only one store took is recorded for
 * repair. Drift is never resolved silently: each record is kept (see `drift()`), audited
 * in the primary, and a card with unrepaired drift is refused by `claimSend`, so no send
 * decision is made from a divergent card. One file per role port (`dual-leads.ts`, ...)
 * says how each operation is routed (`DualRouter`). No I/O of its own, so it lives in core.
 *
 * @category adapters
 */
export class DualStateStore implements StateStore {
  private readonly router: DualRouter;

  constructor(
    readonly primary: StateStore,
    readonly secondary: StateStore,
    private readonly options: DualStateStoreOptions,
  ) {
    const d = (this.router = new DualRouter(primary, secondary, options));
    const roles: RoleOperations = {
      ...dualLeads(d),
      ...dualCards(d),
      ...dualReviewQueue(d),
      ...dualBatches(d),
      ...dualSendLedger(d),
      ...dualSuppressions(d),
      ...dualCadenceStops(d),
      ...dualControls(d),
      ...dualWebhookInbox(d),
      ...dualAuditLog(d),
      ...dualAuditTrail(d),
      ...dualDayRecords(d),
      ...dualStoreRecords(d),
      ...dualIdentityStore(d),
      ...dualSuppressionList(d),
      ...dualErasure(d),
      ...dualEventCounts(d),
      ...dualPolicyInputs(d),
    };
    Object.assign(this, roles);
  }

  /** The drift metrics: counts since start and every unrepaired record. */
  drift(): DriftReport {
    return this.router.drift();
  }

  /** Forgets drift on these keys, in the shared ledger too, after an operator repaired them (audited by the caller). */
  markRepaired(keys: readonly string[]): ResultAsync<number, StoreError> {
    return this.router.markRepaired(keys);
  }

  /** Every unrepaired drift record of the shared ledger (every instance's, any run's). */
  listDrift(): ResultAsync<readonly DriftRecord[], StoreError> {
    return this.router.refresh();
  }

  /**
   * Healthy when the primary is. Drift is reported, not turned into unreadiness: a pod
   * taken out of rotation could not even receive the webhooks that resolve it. Sends
   * from divergent cards are refused by `claimSend` instead.
   */
  health(): ResultAsync<StoreHealth, never> {
    // Refreshed from the shared ledger first, so readiness shows drift other instances saw.
    const refreshed = ResultAsync.fromSafePromise(this.router.refresh());
    return ResultAsync.combine([this.primary.health(), this.secondary.health(), refreshed] as const).map(([primary, secondary]): StoreHealth => {
      const drift = this.drift();
      const blocked = primary.sendsBlocked;
      return {
        ok: primary.ok,
        backend: `dual(${primary.backend}+${secondary.backend})`,
        ...(blocked ? { sendsBlocked: blocked } : {}),
        detail: {
          primary,
          secondary,
          dualRead: this.options.dualRead,
          fallbackWrite: this.options.fallbackWrite,
          readMismatches: drift.readMismatches,
          partialWrites: drift.partialWrites,
          unrepaired: drift.unrepaired.length,
          oldestUnrepairedAt: drift.oldestUnrepairedAt,
        },
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.secondary.close()]);
  }
}

// The role operations are assigned in the constructor; this declares them on the class.
export interface DualStateStore extends RoleOperations {}
