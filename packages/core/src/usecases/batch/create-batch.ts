import { errAsync, ResultAsync } from 'neverthrow';
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
import { separateUnmapped } from './separate-unmapped.js';

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
 * cards are separated first and never enter a batch.
 *
 * @category model
 */
export const createBatch = (deps: UseCaseDeps<CreateBatchStore>, command: CreateBatchCommand): ResultAsync<Batch, StoreError | VersionConflict | EmptyBatch> => {
  const { store } = deps;
  const { trace } = command;
  const limit = Math.min(command.limit ?? MAX_BATCH, MAX_BATCH);
  // Lazy: ResultAsync starts at once, and the listing must follow the separation.
  const approved = (): ResultAsync<readonly Card[], StoreError> =>
    command.cardIds
    ? ResultAsync.combine(command.cardIds.map((id) => store.getCard(id))).map((cards) =>
        cards.filter((c): c is Card => c !== null && c.status === 'approved'),
      )
    : store.listCards({ status: 'approved', limit }).map((page) => page.items);

  return separateUnmapped(deps, trace)
    .andThen(approved)
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
