import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { BatchListing } from '../ports/batch-listing.js';
import type { StateStore, StoreHealth } from '../ports/state-store.js';
import type { StoreError } from '../ports/store-error.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { memoryAuditLog } from './memory-audit-log.js';
import { memoryAuditTrail } from './memory-audit-trail.js';
import { memoryBatches } from './memory-batches.js';
import { memoryBatchListing } from './memory-batch-listing.js';
import { memoryCadenceStops } from './memory-cadence-stops.js';
import { memoryCards } from './memory-cards.js';
import { memoryControls } from './memory-controls.js';
import { memoryDayRecords } from './memory-day-records.js';
import { memoryErasure } from './memory-erasure.js';
import { memoryEventCounts } from './memory-event-counts.js';
import { memoryIdentityStore } from './memory-identity-store.js';
import { memoryLeads } from './memory-leads.js';
import { memoryMachine } from './memory-machine.js';
import { MemoryIndexes } from './memory-indexes.js';
import { memoryPolicyInputs } from './memory-policy-inputs.js';
import { memoryReviewQueue } from './memory-review-queue.js';
import { memorySendLedger } from './memory-send-ledger.js';
import { clone, emptyMemoryState, indexLedgerByKey, type MemoryState } from './memory-state.js';
import { memoryStoreRecords } from './memory-store-records.js';
import { memorySuppressionList } from './memory-suppression-list.js';
import { memorySuppressions } from './memory-suppressions.js';
import { memoryWebhookInbox } from './memory-webhook-inbox.js';

export { emptyMemoryState, indexLedgerByKey, type MemoryState } from './memory-state.js';

/** The operations the role files provide; the store object itself adds health and close. */
type RoleOperations = Omit<StateStore, 'health' | 'close'> & BatchListing;

/**
 * The reference `StateStore`, as a pure state machine over plain data: every semantic
 * the contract suite checks is defined here first, in the plainest code, one file per
 * role port (`memory-leads.ts`, `memory-send-ledger.ts`, ...) over one `MemoryState`.
 * Each operation mutates the state synchronously before it returns, so each is atomic
 * even when callers interleave across awaits, and so are the cross-role ones. The file
 * store runs this same machine over a journaled view of its state (overriding `run`);
 * testkit's `InMemoryStateStore` adds fault injection for tests. `snapshot` returns the
 * canonical JSON of the whole state.
 *
 * @category adapters
 */
export class MemoryStateStore implements StateStore, BatchListing {
  protected state: MemoryState;
  protected readonly faults: StoreError[] = [];
  /** Derived from the cards and batches, never saved: a durable subclass resets them when it reloads. */
  protected readonly indexes = new MemoryIndexes();
  private closed = false;

  constructor(
    protected readonly now: () => Date = () => new Date(),
    initial: MemoryState = emptyMemoryState(),
  ) {
    this.state = clone(initial);
    // A state saved before the ledger index existed: derive it.
    if (!(this.state as Partial<MemoryState>).ledgerByKey) this.state.ledgerByKey = indexLedgerByKey(this.state.ledger);
    // A state saved before merges existed has no aliases.
    this.state.aliases ??= {};
    // A state saved before shared event counts existed has none.
    this.state.eventCounts ??= {};
    // The roles run through `this.run` (late bound), so a subclass's seam wraps them all.
    const machine = memoryMachine({ state: () => this.state, indexes: this.indexes, now: () => this.now(), run: (body) => this.run(body) });
    const roles: RoleOperations = {
      ...memoryLeads(machine),
      ...memoryCards(machine),
      ...memoryReviewQueue(machine),
      ...memoryBatches(machine),
      ...memoryBatchListing(machine),
      ...memorySendLedger(machine),
      ...memorySuppressions(machine),
      ...memoryCadenceStops(machine),
      ...memoryControls(machine),
      ...memoryWebhookInbox(machine),
      ...memoryAuditLog(machine),
      ...memoryAuditTrail(machine),
      ...memoryDayRecords(machine),
      ...memoryStoreRecords(machine),
      ...memoryIdentityStore(machine),
      ...memorySuppressionList(machine),
      ...memoryErasure(machine, () => this.erased()),
      ...memoryEventCounts(machine),
      ...memoryPolicyInputs(machine),
    };
    Object.assign(this, roles);
  }

  snapshot(): string {
    return canonicalJson(this.state);
  }

  /** A copy of the raw state (for models and restarts in tests). */
  dump(): MemoryState {
    return clone(this.state);
  }

  /** Every operation runs its body through here: the seam durable subclasses wrap. */
  protected run<T, E>(body: () => ResultAsync<T, E | StoreError>): ResultAsync<T, E | StoreError> {
    if (this.closed) return errAsync({ _tag: 'StoreUnavailable', message: 'store is closed' });
    const fault = this.faults.shift();
    if (fault) return errAsync(fault);
    return body();
  }

  /** Called inside an erasure's atomic step: a durable store leaves no copy in clear behind. */
  protected erased(): void {}

  health(): ResultAsync<StoreHealth, never> {
    return okAsync(this.closed ? { ok: false, backend: 'memory', sendsBlocked: 'store is closed' } : { ok: true, backend: 'memory' });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

// The role operations are assigned in the constructor; this declares them on the class.
export interface MemoryStateStore extends RoleOperations {}
