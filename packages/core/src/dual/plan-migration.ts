import { storeRecordKey, type StoreRecord } from '../ports/store-record.js';
import { canonicalJson } from '../shared/canonical-json.js';

/** A target record the migration will not overwrite, and why. @category model */
export interface MigrationRefusal {
  readonly key: string;
  readonly reason: 'target_newer' | 'conflict';
  readonly detail: string;
}

/** What copying `source` into `target` would do, record by record. @category model */
export interface MigrationPlan {
  /** Records the target lacks or holds an older version of: to be written. */
  readonly copy: readonly StoreRecord[];
  /** Keys the target already holds identically (a resumed migration skips them). */
  readonly same: readonly string[];
  /** Keys the target holds newer or irreconcilable data under: never overwritten. */
  readonly refused: readonly MigrationRefusal[];
}

/** A number that grows with every change of the record, where the record has one. */
const progress = (record: StoreRecord): number | null => {
  switch (record.kind) {
    case 'lead':
    case 'card':
    case 'batch':
    case 'controls':
      return record.value.version;
    case 'day_sends':
      return record.value.count;
    case 'fence':
      return record.value.token;
    default:
      return null;
  }
};

/**
 * Plans a one-way copy (the cutover's "copy the file store into Redis"): a key the target
 * lacks is copied; an identical one is skipped, so a run that stopped half-way resumes
 * where it was; an older version (by its version, count or fence token) is overwritten; a
 * newer one, or a differing record with no order (a ledger entry, a suppression...), is
 * refused and listed: the migration never overwrites data the target moved past.
 *
 * @category model
 */
export const planMigration = (source: readonly StoreRecord[], target: readonly StoreRecord[]): MigrationPlan => {
  const held = new Map(target.map((r) => [storeRecordKey(r), r]));
  const copy: StoreRecord[] = [];
  const same: string[] = [];
  const refused: MigrationRefusal[] = [];
  for (const record of source) {
    const key = storeRecordKey(record);
    const existing = held.get(key);
    if (!existing) {
      copy.push(record);
      continue;
    }
    if (canonicalJson(existing.value) === canonicalJson(record.value)) {
      same.push(key);
      continue;
    }
    const mine = progress(record);
    const theirs = progress(existing);
    if (mine !== null && theirs !== null && mine > theirs) copy.push(record);
    else if (mine !== null && theirs !== null && theirs > mine) refused.push({ key, reason: 'target_newer', detail: `the target holds ${theirs}, the source ${mine}` });
    else refused.push({ key, reason: 'conflict', detail: mine === null ? 'both hold a different record and it has no version to order them' : `both hold version ${mine} with different content` });
  }
  return { copy, same, refused };
};

/** Keys whose record in `target` is not exactly the source's (after a copy: the verification). @category model */
export const unequalRecords = (source: readonly StoreRecord[], target: readonly StoreRecord[], keys: ReadonlySet<string>): readonly string[] => {
  const held = new Map(target.map((r) => [storeRecordKey(r), canonicalJson(r.value)]));
  return source.filter((r) => keys.has(storeRecordKey(r)) && held.get(storeRecordKey(r)) !== canonicalJson(r.value)).map(storeRecordKey);
};
