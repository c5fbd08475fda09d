import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { TraceId } from '../ids.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { StateStore } from '../ports/state-store.js';
import type { StoreError } from '../ports/store-error.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { DriftLedger } from '../ports/drift-ledger.js';
import type { DriftRecord, DriftReport } from './drift.js';
import { MemoryDriftLedger } from './memory-drift-ledger.js';

export interface DualStateStoreOptions {
  /** STATE_DUAL_READ_ENABLED: shadow-read the secondary and report every mismatch. */
  readonly dualRead: boolean;
  /** STATE_FILE_FALLBACK_WRITE: also apply every write to the secondary. */
  readonly fallbackWrite: boolean;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /**
   * Where unrepaired drift is kept. Give one shared by every instance (the app: Redis), so
   * a block survives restarts and `caio reconcile --repair-drift` clears it everywhere;
   * without it, drift lives in this process's memory.
   */
  readonly driftLedger?: DriftLedger;
}

const describe = (value: unknown): string => {
  const text = canonicalJson(value ?? null);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const errorText = (error: unknown): string => describe(error);

/**
 * How the dual store routes one operation (the role files `dual-<role>.ts` name, per
 * operation, whether it is a read or a write and which record keys it concerns), and the
 * drift it has seen: every record kept until repaired, audited in the primary.
 */
export class DualRouter {
  /** The ledger's records as last read or written here (for the synchronous report). */
  private readonly unrepaired = new Map<string, DriftRecord>();
  private readMismatches = 0;
  private partialWrites = 0;
  readonly ledger: DriftLedger;

  constructor(
    readonly primary: StateStore,
    readonly secondary: StateStore,
    readonly options: DualStateStoreOptions,
  ) {
    this.ledger = options.driftLedger ?? new MemoryDriftLedger();
  }

  /** Reads every unrepaired record from the ledger into the report (health does, each time). */
  refresh(): ResultAsync<readonly DriftRecord[], StoreError> {
    return this.ledger.list().map((records) => {
      this.unrepaired.clear();
      for (const r of records) this.unrepaired.set(r.key, r);
      return records;
    });
  }

  /** The drift metrics: counts since start and every unrepaired record. */
  drift(): DriftReport {
    const unrepaired = [...this.unrepaired.values()].sort((a, b) => (a.detectedAt < b.detectedAt ? -1 : 1));
    return {
      readMismatches: this.readMismatches,
      partialWrites: this.partialWrites,
      unrepaired,
      oldestUnrepairedAt: unrepaired[0]?.detectedAt ?? null,
    };
  }

  /** Forgets drift on these keys, in the ledger too, after an operator repaired them (audited by the caller). */
  markRepaired(keys: readonly string[]): ResultAsync<number, StoreError> {
    for (const key of keys) this.unrepaired.delete(key);
    return this.ledger.clear(keys);
  }

  record(kind: DriftRecord['kind'], keys: readonly string[], operation: string, detail: string): ResultAsync<void, never> {
    const at = this.options.clock.now().toISOString();
    if (kind === 'read_mismatch') this.readMismatches++;
    else this.partialWrites++;
    const records = keys.map((key): DriftRecord => ({ key, kind, operation, detectedAt: this.unrepaired.get(key)?.detectedAt ?? at, detail }));
    for (const r of records) this.unrepaired.set(r.key, r);
    const entry: AuditEntry = {
      id: this.options.ids.next('audit'),
      trace: { traceId: `drift_${at}` as TraceId, actor: 'system:dual-store', at, origin: 'scheduler' },
      action: kind === 'read_mismatch' ? 'store.drift_detected' : 'store.partial_write',
      detail: { keys, operation, detail },
    };
    // The ledger write is what blocks other instances; if it fails, this process still
    // blocks (its own map), and the audit says what happened. Best effort for both.
    return ResultAsync.fromSafePromise(Promise.all([this.ledger.record(records), this.primary.appendAudit(entry)]).then(() => undefined));
  }

  /** Answers from the primary; with dual reads on, compares the secondary's answer. */
  read<T>(operation: string, keys: readonly string[], run: (store: StateStore) => ResultAsync<T, StoreError>): ResultAsync<T, StoreError> {
    if (!this.options.dualRead) return run(this.primary);
    return ResultAsync.fromSafePromise(Promise.all([run(this.primary), run(this.secondary)])).andThen(([primary, secondary]) => {
      if (primary.isErr()) return errAsync(primary.error);
      const same = secondary.isOk() && canonicalJson(secondary.value ?? null) === canonicalJson(primary.value ?? null);
      if (same) return okAsync(primary.value);
      const detail = secondary.isErr()
        ? `secondary failed: ${errorText(secondary.error)}`
        : `primary ${describe(primary.value)} != secondary ${describe(secondary.value)}`;
      return this.record('read_mismatch', keys, operation, detail).map(() => primary.value);
    });
  }

  /** Writes the primary; with fallback writes on, then the secondary, recording a partial write. */
  write<T, E extends { readonly _tag: string }>(
    operation: string,
    keys: readonly string[],
    run: (store: StateStore) => ResultAsync<T, E>,
  ): ResultAsync<T, E> {
    return run(this.primary).andThen((value) => {
      if (!this.options.fallbackWrite) return okAsync<T, E>(value);
      return ResultAsync.fromSafePromise(run(this.secondary)).andThen((secondary) =>
        secondary.isOk() ? okAsync<T, E>(value) : this.record('partial_write', keys, operation, `secondary refused: ${errorText(secondary.error)}`).map(() => value),
      );
    });
  }

  /**
   * The first of `keys` with unrepaired drift, here or in the shared ledger (another
   * instance, an earlier run). A ledger that cannot be read blocks too: fail closed.
   */
  divergent(keys: readonly string[]): ResultAsync<string | undefined, never> {
    const local = keys.find((k) => this.unrepaired.has(k));
    if (local) return okAsync(local);
    return ResultAsync.fromSafePromise(this.ledger.find(keys)).map((found) =>
      found.isErr() ? `the drift ledger (${found.error._tag})` : found.value[0]?.key,
    );
  }
}
