import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Cards } from '../../ports/cards.js';
import type { Batches } from '../../ports/batches.js';
import type { AuditLog } from '../../ports/audit-log.js';
import { snapshotDigest, type Batch, type BatchItem } from '../../batch/batch.js';
import type { Card } from '../../card/card.js';
import type { BatchId, CardId } from '../../ids.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import type { EmptyBatch } from '../support/use-case-errors.js';
import { isUnmapped, separateUnmapped } from './separate-unmapped.js';

export interface CreateBatchCommand {
  /** Approved cards to freeze; all approved cards when absent. */
  readonly cardIds?: readonly CardId[];
  readonly limit?: number;
  readonly trace: TraceEnvelope;
}

const MAX_BATCH = 1000;

/** The roles of the store creating a batch touches. */
export type CreateBatchStore = Cards & Batches & AuditLog;

/**
 * Freezes approved cards into a batch snapshot: each item keeps the card's version and
 * content digest, so execution sends exactly what was approved. Unmapped-campaign
 * cards among those taken are separated and never enter a batch.
 *
 * @category model
 */
export const createBatch = (deps: UseCaseDeps<CreateBatchStore>, command: CreateBatchCommand): ResultAsync<Batch, StoreError | VersionConflict | EmptyBatch> => {
  const { store } = deps;
  const { trace } = command;
  const limit = Math.min(command.limit ?? MAX_BATCH, MAX_BATCH);
  const mapping = deps.campaigns();
  // The oldest approved cards (by id), page after page until `limit` of them are mapped:
  // the unmapped ones met on the way are separated, so the cost follows the batch.
  const gather = (after: string | undefined, found: Card[], mapped: number): ResultAsync<readonly Card[], StoreError> =>
    store.listCards({ status: 'approved', limit, ...(after ? { after } : {}) }).andThen((page) => {
      found.push(...page.items);
      const total = mapped + page.items.filter((c) => !isUnmapped(c, mapping)).length;
      return total >= limit || !page.next ? okAsync(found) : gather(page.next, found, total);
    });
  const approved: ResultAsync<readonly Card[], StoreError> = command.cardIds
    ? ResultAsync.combine(command.cardIds.map((id) => store.getCard(id))).map((cards) => cards.filter((c): c is Card => c !== null && c.status === 'approved'))
    : gather(undefined, [], 0);

  return approved
    .andThen((cards) => separateUnmapped(deps, trace, cards).map(() => cards.filter((c) => !isUnmapped(c, mapping))))
    .andThen((cards): ResultAsync<Batch, StoreError | VersionConflict | EmptyBatch> => {
      const items: BatchItem[] = cards.slice(0, limit).map((c) => ({
        cardId: c.id,
        version: c.version,
        contentDigest: c.contentDigest,
        channel: c.channel,
        leadKeys: c.leadKeys,
      }));
      if (items.length === 0) return errAsync({ _tag: 'EmptyBatch', message: 'no approved, mapped cards to snapshot' });
      const batch: Batch = {
        id: deps.ids.next('batch') as BatchId,
        items,
        snapshotDigest: snapshotDigest(items),
        status: 'open',
        createdBy: trace.actor,
        createdAt: trace.at,
        updatedAt: trace.at,
        version: 1,
        outcomes: [],
      };
      return store
        .putBatch(batch, null)
        .andThen((created) =>
          audit(deps, trace, 'batch.created', { batchId: created.id }, { items: items.length, snapshotDigest: created.snapshotDigest }).map(() => created),
        );
    });
};
