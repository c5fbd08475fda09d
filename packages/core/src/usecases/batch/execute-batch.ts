import { err, errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow';
import type { Batches } from '../../ports/batches.js';
import type { Batch, BatchItem, BatchItemOutcome, ItemResult } from '../../batch/batch.js';
import type { BatchId } from '../../ids.js';
import type { Fence } from '../../ledger/send-ledger.js';
import { canInspectLeases } from '../../ports/lease-inspector.js';
import type { Lease, LockManager } from '../../ports/lock-manager.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { JobProgress } from '../../ports/work-queue.js';
import type { TraceEnvelope } from '../../trace.js';
import { dispatchCard, type DispatchCardStore } from '../dispatch/dispatch-card.js';
import { isDeferred, type DispatchOutcome } from '../dispatch/dispatch-outcome.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type BatchBusy, type NotFound } from '../support/use-case-errors.js';
import { previewItem } from './preview-item.js';

export interface ExecuteBatchCommand {
  readonly batchId: BatchId;
  /** Evaluate every item and report; write nothing at all (not even audit). */
  readonly dryRun: boolean;
  readonly trace: TraceEnvelope;
  /** Lease length for the batch lock; renewed between items. */
  readonly leaseMs?: number;
  /**
   * Items dispatched at once (default 1). Correctness does not depend on it (the claim
   * is atomic and enforces the cap and the stop); a stop engaged mid-batch lets at most
   * this many calls already in flight finish.
   */
  readonly concurrency?: number;
  /** Told after each item how far the run got (a job engine shows it; failures are ignored). */
  readonly onProgress?: (progress: JobProgress) => Promise<void>;
}

export interface BatchExecution {
  readonly batch: Batch;
  readonly dryRun: boolean;
  /** This run's outcome per item (for a dry run: what would happen). */
  readonly outcomes: readonly BatchItemOutcome[];
  /** True when the batch had already executed and nothing was attempted. */
  readonly alreadyExecuted: boolean;
}

export type ExecuteBatchError = StoreError | VersionConflict | NotFound | BatchBusy;

const itemResult = (outcome: DispatchOutcome): { result: ItemResult; detail?: string } => {
  switch (outcome._tag) {
    case 'Sent':
      return { result: 'sent' };
    case 'Failed':
      return { result: 'failed', detail: outcome.reason };
    case 'Unknown':
      return { result: 'unknown', detail: outcome.reason };
    case 'Denied':
      return { result: 'denied', detail: outcome.denials.map((d) => d.rule).join(',') };
    case 'SnapshotDrift':
      return { result: 'snapshot_drift', detail: outcome.detail };
    case 'ClaimRefused':
      return outcome.reason === 'card_step_claimed' || outcome.reason === 'card_not_queued'
        ? { result: 'already_claimed', detail: outcome.detail }
        : { result: 'denied', detail: outcome.reason };
  }
};

const mergeOutcomes = (previous: readonly BatchItemOutcome[], latest: readonly BatchItemOutcome[]): BatchItemOutcome[] => {
  const byCard = new Map(previous.map((o) => [o.cardId, o]));
  for (const o of latest) {
    const before = byCard.get(o.cardId);
    // A resume that finds an item already claimed keeps the earlier, more telling result.
    if (!(o.result === 'already_claimed' && before && before.result !== 'denied')) byCard.set(o.cardId, o);
  }
  return [...byCard.values()];
};

/** The roles of the store a batch execution touches (it dispatches each item). */
export type ExecuteBatchStore = DispatchCardStore & Batches;

/**
 * Runs a batch snapshot through the dispatch loop, item by item. Only snapshot items
 * are touched; an item whose card changed is `snapshot_drift`. An executed batch
 * re-executed sends nothing. Items deferred by the emergency stop, the window or the
 * cap keep the batch `executing`, so a later run resumes exactly those. The batch lease
 * is renewed before each item; a dispatcher that lost it stops.
 *
 * @category model
 */
export const executeBatch = (deps: UseCaseDeps<ExecuteBatchStore>, command: ExecuteBatchCommand): ResultAsync<BatchExecution, ExecuteBatchError> => {
  const { store } = deps;
  const { trace } = command;
  return store
    .getBatch(command.batchId)
    .andThen((batch) => (batch ? okAsync(batch) : errAsync(notFound('batch', command.batchId))))
    .andThen((batch): ResultAsync<BatchExecution, ExecuteBatchError> => {
      if (batch.status === 'executed' || batch.status === 'aborted') {
        return okAsync({ batch, dryRun: command.dryRun, outcomes: batch.outcomes, alreadyExecuted: true });
      }
      if (command.dryRun) {
        return ResultAsync.combine(batch.items.map((item) => previewItem(deps, item))).map((outcomes) => ({
          batch,
          dryRun: true,
          outcomes,
          alreadyExecuted: false,
        }));
      }
      const leaseMs = command.leaseMs ?? 60_000;
      const concurrency = Math.max(1, Math.min(command.concurrency ?? 1, 64));
      return withLease(deps, `batch:${batch.id}`, leaseMs, batch.id, `${trace.actor} (${trace.traceId})`, (lease) => run(deps, batch, trace, lease, leaseMs, concurrency, command.onProgress));
    });
};

const run = (
  deps: UseCaseDeps<ExecuteBatchStore>,
  batch: Batch,
  trace: TraceEnvelope,
  lease: Lease | null,
  leaseMs: number,
  concurrency: number,
  onProgress: ExecuteBatchCommand['onProgress'],
): ResultAsync<BatchExecution, ExecuteBatchError> => {
  const { store } = deps;
  const fence: Fence | undefined = lease?.fence;
  const start: ResultAsync<Batch, ExecuteBatchError> =
    batch.status === 'executing'
      ? okAsync(batch)
      : store
          .putBatch({ ...batch, status: 'executing', version: batch.version + 1, updatedAt: trace.at }, batch.version)
          .andThen((b) => audit(deps, trace, 'batch.executing', { batchId: b.id }).map(() => b));

  return start.andThen((executing) => {
    const outcomes: (BatchItemOutcome | undefined)[] = [];
    // Kept as items finish, so a progress report costs the same at item 10 as at 10,000.
    const progress = { done: 0, counts: {} as Record<string, number> };
    let next = 0;
    let stopped = false;
    // Workers take items in order; the emergency stop and cap are read fresh for each.
    // Plain loops over awaited steps: no chain of ResultAsync wrappers growing per item.
    const worker = async (): Promise<Result<void, ExecuteBatchError>> => {
      for (;;) {
        const index = next++;
        const item: BatchItem | undefined = executing.items[index];
        if (!item || stopped) return ok(undefined);
        const held = await stillHeld(deps, lease, leaseMs);
        if (held.isErr()) return err(held.error);
        // Lost the lease: another dispatcher owns the batch now; the rest is theirs.
        if (!held.value) {
          stopped = true;
          return ok(undefined);
        }
        const dispatched = await dispatchItem(index, item);
        if (dispatched.isErr()) return err(dispatched.error);
      }
    };
    const dispatchItem = async (index: number, item: BatchItem): Promise<Result<void, ExecuteBatchError>> => {
      const dispatched = await dispatchCard(deps, {
        cardId: item.cardId,
        trace,
        expected: { version: item.version, contentDigest: item.contentDigest },
        ...(fence ? { fence } : {}),
      });
      let outcome: DispatchOutcome;
      if (dispatched.isOk()) outcome = dispatched.value;
      // A store failure mid-item: whatever was claimed stays `sending` for recovery.
      else if (dispatched.error._tag === 'NotFound' || dispatched.error._tag === 'IllegalTransition' || dispatched.error._tag === 'VersionConflict') outcome = { _tag: 'ClaimRefused', reason: 'card_not_queued', detail: `${dispatched.error._tag}` };
      else return err(dispatched.error);
      const deferred = dispatched.isOk() && isDeferred(outcome);
      const { result, detail } = itemResult(outcome);
      const itemOutcome: BatchItemOutcome = { cardId: item.cardId, result: deferred ? 'skipped' : result, ...(detail ? { detail } : {}) };
      outcomes[index] = itemOutcome;
      progress.done += 1;
      progress.counts[itemOutcome.result] = (progress.counts[itemOutcome.result] ?? 0) + 1;
      await report();
      return ok(undefined);
    };
    const report = (): ResultAsync<void, never> => {
      if (!onProgress) return okAsync(undefined);
      // A copy of the counts: the listener may keep each report.
      return ResultAsync.fromSafePromise(onProgress({ done: progress.done, total: executing.items.length, counts: { ...progress.counts } }).catch(() => undefined));
    };
    const step = (_: number): ResultAsync<void, ExecuteBatchError> =>
      ResultAsync.combine(Array.from({ length: Math.min(concurrency, executing.items.length) }, () => new ResultAsync(worker()))).map(() => undefined);
    return step(0).andThen(() =>
      store.getBatch(executing.id).andThen((latest) => {
        const current = latest ?? executing;
        const ran = outcomes.filter((o): o is BatchItemOutcome => o !== undefined);
        const merged = mergeOutcomes(current.outcomes, ran);
        const done = ran.length === executing.items.length && !ran.some((o) => o.result === 'skipped');
        const next: Batch = { ...current, status: done ? 'executed' : 'executing', outcomes: merged, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
        return store
          .putBatch(next, current.version)
          .andThen((saved) =>
            audit(deps, trace, done ? 'batch.executed' : 'batch.deferred', { batchId: saved.id }, { results: countResults(ran) }).map(() => ({
              batch: saved,
              dryRun: false,
              outcomes: ran,
              alreadyExecuted: false,
            })),
          );
      }),
    );
  });
};

const stillHeld = (deps: UseCaseDeps<ExecuteBatchStore>, lease: Lease | null, leaseMs: number): ResultAsync<boolean, StoreError> =>
  lease && deps.locks ? deps.locks.renew(lease, leaseMs).map((renewed) => renewed !== null) : okAsync(true);

const countResults = (outcomes: readonly BatchItemOutcome[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.result] = (counts[o.result] ?? 0) + 1;
  return counts;
};

/** The refusal for a batch someone else holds, naming them and when their lease runs out when the lock manager can tell. */
const busy = (locks: LockManager, resource: string, batchId: BatchId): ResultAsync<BatchBusy, ExecuteBatchError> => {
  const plain: BatchBusy = { _tag: 'BatchBusy', batchId, message: `batch ${batchId} is being executed elsewhere; retry later` };
  if (!canInspectLeases(locks)) return okAsync(plain);
  return locks.inspect(resource).map((held): BatchBusy =>
    held
      ? {
          _tag: 'BatchBusy',
          batchId,
          ...(held.holder ? { holder: held.holder } : {}),
          expiresAt: held.expiresAt,
          message: `batch ${batchId} is being executed by ${held.holder ?? 'another executor'}; its lease runs until ${held.expiresAt} (if that executor crashed, execute again after that)`,
        }
      : // Released between the refusal and the look: free now.
        { ...plain, message: `batch ${batchId} was busy a moment ago and is free now; execute again` },
  );
};

const withLease = <T>(
  deps: UseCaseDeps<ExecuteBatchStore>,
  resource: string,
  ttlMs: number,
  batchId: BatchId,
  holder: string,
  body: (lease: Lease | null) => ResultAsync<T, ExecuteBatchError>,
): ResultAsync<T, ExecuteBatchError> => {
  if (!deps.locks) return body(null);
  const locks = deps.locks;
  return locks.acquire(resource, ttlMs, holder).andThen((lease) => {
    if (!lease) return busy(locks, resource, batchId).andThen((error) => errAsync<T, ExecuteBatchError>(error));
    // Release after the body settles, whatever it returned; a crash just lets the lease expire.
    return new ResultAsync<T, ExecuteBatchError>(
      (async () => {
        const result = await body(lease);
        await locks.release(lease);
        return result;
      })(),
    );
  });
};
