import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import type { StoreError } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import { parseSuppressionTarget, type Suppression, type SuppressionTarget } from '../../suppression/suppression.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { CoreDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

const MAX_NOTE = 500;

/** An operator's do-not-contact entry before validation: what to block and why. */
export interface DoNotContactInput {
  /** An e-mail, a LinkedIn profile URL, a domain (`acme.com`, `domain:acme.com`) or an identity key. */
  readonly entry: string;
  /** Why, in the operator's words (a customer, a competitor, asked not to be contacted...). */
  readonly note: string;
}

export interface DoNotContactEntry {
  readonly target: SuppressionTarget;
  readonly note: string;
}

/** Validates one entry: a known form and a reason. */
export const parseDoNotContact = (input: DoNotContactInput): Result<DoNotContactEntry, ValidationError> => {
  const note = input.note.trim();
  if (!note) return err(validationError('reason', `a reason is required for ${JSON.stringify(input.entry.trim().slice(0, 80))}`));
  if (note.length > MAX_NOTE) return err(validationError('reason', `is longer than ${MAX_NOTE} characters`));
  return parseSuppressionTarget(input.entry).map((target) => ({ target, note }));
};

export interface DoNotContactAdded {
  readonly suppression: Suppression;
  /** False when the target was already on the list (the first entry stays). */
  readonly added: boolean;
}

const addEntry = (deps: Pick<CoreDeps, 'store' | 'ids'>, entry: DoNotContactEntry, source: string, trace: TraceEnvelope): ResultAsync<DoNotContactAdded, StoreError> =>
  deps.store.findSuppressions([entry.target]).andThen((found): ResultAsync<DoNotContactAdded, StoreError> => {
    const existing = found[0];
    if (existing) return okAsync({ suppression: existing, added: false });
    const suppression: Suppression = { target: entry.target, reason: 'manual', source, at: trace.at, actor: trace.actor, note: entry.note };
    return deps.store
      .addSuppression(suppression)
      .andThen(() => audit(deps, trace, 'suppression.added', {}, { target: entry.target, note: entry.note, source }))
      .map(() => ({ suppression, added: true }));
  });

/**
 * Adds an entry to the do-not-contact list (audited with actor and reason). A domain
 * entry blocks every address at that domain and every lead whose company domain it is.
 *
 * @category model
 */
export const addToDoNotContact = (deps: Pick<CoreDeps, 'store' | 'ids'>, input: DoNotContactInput, trace: TraceEnvelope): ResultAsync<DoNotContactAdded, StoreError | ValidationError> => {
  const entry = parseDoNotContact(input);
  return entry.isErr() ? errAsync(entry.error) : addEntry(deps, entry.value, 'operator', trace);
};

/**
 * Removes an entry (e.g. added by mistake, or a bounce that was fixed), audited with the
 * reason and with what was removed. A target that is not on the list is `NotFound` and
 * changes nothing.
 *
 * @category model
 */
export const removeFromDoNotContact = (
  deps: Pick<CoreDeps, 'store' | 'ids'>,
  input: DoNotContactInput,
  trace: TraceEnvelope,
): ResultAsync<Suppression, StoreError | ValidationError | NotFound> => {
  const entry = parseDoNotContact(input);
  if (entry.isErr()) return errAsync(entry.error);
  const { target, note } = entry.value;
  if (target.startsWith('erased:')) return errAsync(validationError('entry', `${target} is an erasure tombstone: it keeps an erased person from being re-imported and cannot be removed`));
  return deps.store.removeSuppression(target).andThen((removed): ResultAsync<Suppression, StoreError | NotFound> => {
    if (!removed) return errAsync(notFound('suppression', target));
    return audit(deps, trace, 'suppression.removed', {}, { target, note, removed: { reason: removed.reason, source: removed.source, at: removed.at, ...(removed.note ? { note: removed.note } : {}) } }).map(() => removed);
  });
};

/** One CSV row of a do-not-contact import (1-based, header excluded), before validation. */
export interface DoNotContactRow {
  readonly row: number;
  readonly entry: string;
  readonly note: string;
}

export interface DoNotContactImport {
  readonly added: number;
  readonly existing: number;
}

/**
 * Validates every row first: one bad row refuses the whole file, naming each bad row,
 * and nothing is written. Then adds each entry (already listed targets are kept as they are).
 *
 * @category model
 */
export const importDoNotContact = (
  deps: Pick<CoreDeps, 'store' | 'ids'>,
  rows: readonly DoNotContactRow[],
  trace: TraceEnvelope,
): ResultAsync<DoNotContactImport, StoreError | ValidationError> => {
  const problems: string[] = [];
  const entries: DoNotContactEntry[] = [];
  for (const row of rows) {
    const parsed = parseDoNotContact(row);
    if (parsed.isErr()) problems.push(`row ${row.row}: ${parsed.error.field} ${parsed.error.message}`);
    else entries.push(parsed.value);
  }
  if (problems.length > 0) return errAsync(validationError('csv', `${problems.length} bad row(s), nothing imported:\n${problems.join('\n')}`));
  if (entries.length === 0) return errAsync(validationError('csv', 'has no rows'));
  const step = (index: number, tally: DoNotContactImport): ResultAsync<DoNotContactImport, StoreError> => {
    const entry = entries[index];
    if (!entry) return okAsync(tally);
    return addEntry(deps, entry, 'import', trace).andThen((r) => step(index + 1, r.added ? { ...tally, added: tally.added + 1 } : { ...tally, existing: tally.existing + 1 }));
  };
  return step(0, { added: 0, existing: 0 });
};

/** Reads `entry,reason` CSV rows (header required; extra columns ignored). */
export const doNotContactRows = (cells: readonly (readonly string[])[]): Result<DoNotContactRow[], ValidationError> => {
  const [header, ...body] = cells;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const entryAt = columns.indexOf('entry');
  const reasonAt = columns.indexOf('reason');
  if (entryAt < 0 || reasonAt < 0) return err(validationError('csv', 'needs a header row with the columns entry and reason'));
  return ok(
    body
      .map((cells, i) => ({ row: i + 1, entry: cells[entryAt] ?? '', note: cells[reasonAt] ?? '', blank: cells.every((c) => c.trim() === '') }))
      .filter((r) => !r.blank)
      .map(({ blank: _blank, ...r }) => r),
  );
};
