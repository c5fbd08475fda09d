import { ResultAsync } from 'neverthrow';
import type { TraceEnvelope } from '../trace.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { StateStore } from '../ports/state-store.js';
import type { StoreError } from '../ports/store-error.js';
import { storeRecordKey, type StoreRecord } from '../ports/store-record.js';
import { canonicalJson } from '../shared/canonical-json.js';

/** One key on which the stores disagree. @category model */
export interface StoreDifference {
  readonly key: string;
  readonly kind: 'only_in_primary' | 'only_in_secondary' | 'different';
  readonly primary: StoreRecord | null;
  readonly secondary: StoreRecord | null;
}

export interface ReconcileReport {
  readonly compared: number;
  readonly differences: readonly StoreDifference[];
  /** Keys copied from the primary to the secondary (empty unless repairing). */
  readonly repaired: readonly string[];
  /** Differences a repair cannot settle by copying (records only the secondary has). */
  readonly needsOperator: readonly string[];
}

export interface ReconcileCommand {
  /** Copy the primary's version of every differing record into the secondary. */
  readonly repair: boolean;
  readonly trace: TraceEnvelope;
}

/**
 * The full comparison of a cutover (architecture section 4): every record of both stores
 * by key. Without `repair` it only reports. With `repair` the primary wins: its records
 * are imported into the secondary, each repair audited in the primary; records only the
 * secondary holds are listed for an operator, never deleted silently.
 *
 * @category model
 */
export const reconcileStores = (
  primary: StateStore,
  secondary: StateStore,
  ids: IdGenerator,
  command: ReconcileCommand,
): ResultAsync<ReconcileReport, StoreError> =>
  ResultAsync.combine([primary.exportRecords(), secondary.exportRecords()] as const).andThen(([mine, theirs]) => {
    const byKey = (records: readonly StoreRecord[]) => new Map(records.map((r) => [storeRecordKey(r), r]));
    const p = byKey(mine);
    const s = byKey(theirs);
    const keys = [...new Set([...p.keys(), ...s.keys()])].sort();
    const differences: StoreDifference[] = [];
    for (const key of keys) {
      const a = p.get(key) ?? null;
      const b = s.get(key) ?? null;
      if (a && b && canonicalJson(a) === canonicalJson(b)) continue;
      differences.push({ key, kind: !b ? 'only_in_primary' : !a ? 'only_in_secondary' : 'different', primary: a, secondary: b });
    }
    const needsOperator = differences.filter((d) => d.kind === 'only_in_secondary').map((d) => d.key);
    const fixable = differences.flatMap((d) => (d.primary ? [d.primary] : []));
    const report = (repaired: readonly string[]): ReconcileReport => ({ compared: keys.length, differences, repaired, needsOperator });
    if (!command.repair || fixable.length === 0) return ResultAsync.fromSafePromise(Promise.resolve(report([])));
    const repairedKeys = fixable.map(storeRecordKey);
    return secondary
      .importRecords(fixable)
      .andThen(() =>
        primary.appendAudit({
          id: ids.next('audit'),
          trace: command.trace,
          action: 'store.drift_repaired',
          detail: { repaired: repairedKeys, needsOperator },
        }),
      )
      .map(() => report(repairedKeys));
  });
