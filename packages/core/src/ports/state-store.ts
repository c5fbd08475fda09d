import type { AuditLog } from './audit-log.js';
import type { AuditTrail } from './audit-trail.js';
import type { Batches } from './batches.js';
import type { CadenceStops } from './cadence-stops.js';
import type { Cards } from './cards.js';
import type { ControlsStore } from './controls-store.js';
import type { DayRecords } from './day-records.js';
import type { ErasureStore } from './erasure-store.js';
import type { EventCounts } from './event-counts.js';
import type { IdentityStore } from './identity-store.js';
import type { Leads } from './leads.js';
import type { PolicyInputs } from './policy-inputs.js';
import type { ReviewQueue } from './review-queue.js';
import type { SendLedger } from './send-ledger.js';
import type { StoreAdmin } from './store-admin.js';
import type { SuppressionList } from './suppression-list.js';
import type { Suppressions } from './suppressions.js';
import type { WebhookInbox } from './webhook-inbox.js';
import { token } from '../shared/token.js';

export * from './page.js';
export * from './leads.js';
export * from './cards.js';
export * from './review-queue.js';
export * from './batches.js';
export * from './send-ledger.js';
export * from './suppressions.js';
export * from './cadence-stops.js';
export * from './controls-store.js';
export * from './webhook-inbox.js';
export * from './audit-log.js';
export * from './audit-trail.js';
export * from './day-records.js';
export * from './store-admin.js';
export * from './identity-store.js';
export * from './suppression-list.js';
export * from './erasure-store.js';
export * from './event-counts.js';
export * from './policy-inputs.js';

/**
 * Everything the system remembers, shaped for the domain: the intersection of the role
 * ports, so code that needs it all asks for one thing while a use case names only the
 * roles it touches. Every method is atomic on its own; the steps that cross roles
 * (`SendLedger.claimSend` and `recordOutcome`, `WebhookInbox.recordAppliedInboxEvent`, and
 * `markInboxApplied` and `markInboxAppliedMany` with entries) are single atomic steps in every adapter (one Lua
 * script in Redis, one locked journal append in the file store). `put*` methods are
 * compare-and-set on `version`: pass the version you read (`null` to create), and the
 * stored record is replaced only if it still has it.
 *
 * @category ports
 */
export interface StateStore
  extends Leads,
    Cards,
    ReviewQueue,
    Batches,
    SendLedger,
    Suppressions,
    CadenceStops,
    ControlsStore,
    WebhookInbox,
    AuditLog,
    AuditTrail,
    DayRecords,
    StoreAdmin,
    IdentityStore,
    SuppressionList,
    ErasureStore,
    EventCounts,
    PolicyInputs {}
export const StateStore = token<StateStore>('StateStore');
