import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Fence } from '../ledger/send-ledger.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { MemoryQueueIndex } from './memory-queue-index.js';
import { clone, deepFreeze, type MemoryState } from './memory-state.js';

/** The tables that hold versioned records (compare-and-set on `version`). */
type VersionedTable = 'leads' | 'cards' | 'batches';

/**
 * What the role files of the reference machine (`memory-leads.ts`, ...) run on: the
 * state, the clock, and the operation seam of `MemoryStateStore`. `state` is read at
 * call time, because a durable store (the file store) swaps in a journaled view of it
 * while an operation runs; every body runs through `run`, so the subclass's seam
 * (fault injection, the file lock and journal) wraps every operation of every role.
 */
export interface MemoryMachine {
  readonly state: MemoryState;
  /** The review queue's derived indexes: card writes keep them in step (`touch`). */
  readonly queueIndex: MemoryQueueIndex;
  now(): Date;
  run<T, E>(body: () => ResultAsync<T, E | StoreError>): ResultAsync<T, E | StoreError>;
  /** Runs `body` (which may mutate the state) and answers a copy of what it returned. */
  value<T>(body: () => T): ResultAsync<T, StoreError>;
  /** Runs a read and answers what it returned frozen, without a copy (stored records included: see `deepFreeze`). */
  frozen<T>(body: () => T): ResultAsync<T, StoreError>;
  /** Compare-and-set of a versioned record; `onWrite` keeps the table's indexes in step. */
  cas<T extends { version: number }>(
    entity: VersionConflict['entity'],
    tableName: VersionedTable,
    id: string,
    record: T,
    expectedVersion: number | null,
    onWrite?: (record: T) => void,
  ): ResultAsync<T, StoreError | VersionConflict>;
  /** True when `fence` is older than the highest token seen for its resource (which it otherwise raises). */
  fenceIsStale(fence: Fence | undefined): boolean;
}

/** The seam a `MemoryStateStore` lends its role files. */
export interface MachineSeam {
  readonly state: () => MemoryState;
  readonly queueIndex: MemoryQueueIndex;
  readonly now: () => Date;
  readonly run: <T, E>(body: () => ResultAsync<T, E | StoreError>) => ResultAsync<T, E | StoreError>;
}

export const memoryMachine = (seam: MachineSeam): MemoryMachine => {
  const machine: MemoryMachine = {
    get state() {
      return seam.state();
    },
    queueIndex: seam.queueIndex,
    now: () => seam.now(),
    run: (body) => seam.run(body),
    value: (body) => seam.run(() => okAsync(clone(body()))),
    frozen: (body) => seam.run(() => okAsync(deepFreeze(body()))),
    cas: (entity, tableName, id, record, expectedVersion, onWrite) =>
      seam.run(() => {
        // Resolved inside run: a durable subclass may have swapped in a journaled view.
        const table = machine.state[tableName] as unknown as Record<string, typeof record>;
        const current = table[id];
        const actual = current?.version ?? null;
        if (actual !== expectedVersion) return errAsync({ _tag: 'VersionConflict' as const, entity, id, expected: expectedVersion, actual });
        // One copy, frozen: stored and handed back as the same record.
        const stored = deepFreeze(clone(record));
        table[id] = stored;
        onWrite?.(stored);
        return okAsync(stored);
      }),
    fenceIsStale: (fence) => {
      if (!fence) return false;
      const highest = machine.state.fences[fence.resource] ?? 0;
      if (fence.token < highest) return true;
      machine.state.fences[fence.resource] = fence.token;
      return false;
    },
  };
  return machine;
};
