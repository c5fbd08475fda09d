import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { AuditLog } from '../../ports/audit-log.js';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { StoreError } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';

/** The archive could not take a batch (disk full, permissions): nothing of it was dropped. @category model */
export interface ArchiveWriteFailed {
  readonly _tag: 'ArchiveWriteFailed';
  readonly message: string;
}

export interface ArchiveAuditCommand {
  /** Entries whose trace time is earlier than this instant (ISO 8601) leave the store. */
  readonly before: string;
  /**
   * Keeps a batch durably (returns only once it is on disk, or wherever the archive lives).
   * Entries are dropped from the store only after their batch was kept.
   */
  readonly keep: (entries: readonly AuditEntry[]) => ResultAsync<void, ArchiveWriteFailed>;
  readonly trace: TraceEnvelope;
  /** Entries read and kept per round (default 500). */
  readonly batchSize?: number;
}

export interface AuditArchived {
  /** Entries kept by the archive and dropped from the store. */
  readonly archived: number;
  /**
   * True when the store's head changed between reading and dropping (another archiver
   * ran at the same time): the archive may then hold entries the other one also kept.
   */
  readonly interrupted: boolean;
}

/**
 * Moves the oldest audit entries, those older than `before`, out of the store: read a
 * batch from the head of the log, keep it in the archive, then drop exactly those
 * entries (by id, from the head only). A crash between keeping and dropping leaves them
 * in both, never in neither; running again keeps them a second time, so an archive is
 * read as a set of entries by id. It stops at the first entry not older than `before`
 * (entries from several instances are only roughly in time order; none newer is ever
 * taken). Audited as `audit.archived` with the count and the cut-off.
 *
 * @category model
 */
export const archiveAudit = (deps: UseCaseDeps<AuditLog, 'ids'>, command: ArchiveAuditCommand): ResultAsync<AuditArchived, StoreError | ArchiveWriteFailed | ValidationError> => {
  const ms = Date.parse(command.before);
  if (Number.isNaN(ms)) return errAsync(validationError('before', `not an ISO 8601 instant: ${command.before}`));
  // Trace times are canonical ISO strings, so the canonical cut-off compares as text.
  const before = new Date(ms).toISOString();
  const batchSize = Math.max(1, Math.min(command.batchSize ?? 500, 10_000));
  const round = (archived: number): ResultAsync<AuditArchived, StoreError | ArchiveWriteFailed> =>
    deps.store.listAuditHead(batchSize).andThen((head): ResultAsync<AuditArchived, StoreError | ArchiveWriteFailed> => {
      const cut = head.findIndex((e) => !(e.trace.at < before));
      const old = cut < 0 ? head : head.slice(0, cut);
      if (old.length === 0) return okAsync({ archived, interrupted: false });
      return command
        .keep(old)
        .andThen(() => deps.store.dropAuditHead(old.map((e) => e.id)))
        .andThen((dropped): ResultAsync<AuditArchived, StoreError | ArchiveWriteFailed> => {
          if (dropped < old.length) return okAsync({ archived: archived + dropped, interrupted: true });
          // A short batch was the whole old part of the log (or the log's end).
          return old.length < head.length || head.length < batchSize ? okAsync({ archived: archived + dropped, interrupted: false }) : round(archived + dropped);
        });
    });
  return round(0).andThen((result) =>
    audit(deps, command.trace, 'audit.archived', {}, { before, archived: result.archived, interrupted: result.interrupted }).map(() => result),
  );
};
