import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Fence, LedgerEntry } from '../ledger/send-ledger.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Batch } from '../batch/batch.js';
import type { Card } from '../card/card.js';
import type { Lead } from '../lead/lead.js';
import type { MemoryIndexes } from './memory-indexes.js';
import { frozenJsonCopy } from '../shared/json-copy.js';
import { clone, deepFreeze, ledgerId, type MemoryState } from './memory-state.js';

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
  /** The derived indexes (queue, cards, batches): every card and batch write keeps them in step. */
  readonly indexes: MemoryIndexes;
  now(): Date;
  run<T, E>(body: () => ResultAsync<T, E | StoreError>): ResultAsync<T, E | StoreError>;
  /** Runs `body` (which may mutate the state) and answers a copy of what it returned. */
  value<T>(body: () => T): ResultAsync<T, StoreError>;
  /** Runs a read and answers what it returned frozen, without a copy (stored records included: see `deepFreeze`). */
  frozen<T>(body: () => T): ResultAsync<T, StoreError>;
  /** Compare-and-set of a versioned record; the lead, card and batch indexes follow, `onWrite` keeps any other index in step. */
  cas<T extends { version: number }>(
    entity: VersionConflict['entity'],
    tableName: VersionedTable,
    id: string,
    record: T,
    expectedVersion: number | null,
    onWrite?: (record: T) => void,
  ): ResultAsync<T, StoreError | VersionConflict>;
  /** Writes a card (`null`: removes it) and keeps the card indexes in step: the one way a card is written. */
  writeCard(id: string, card: Card | null): void;
  /** Writes a batch and keeps the batch indexes in step: the one way a batch is written. */
  writeBatch(batch: Batch): void;
  /** Writes a ledger entry and keeps the ledger indexes in step (by state here; by identity key: `indexLedgerEntry`). */
  writeLedgerEntry(entry: LedgerEntry): void;
  /** Appends an audit entry and keeps the audit indexes in step: the one way an entry is appended. */
  appendAudit(entry: AuditEntry): void;
  /** True when `fence` is older than the highest token seen for its resource (which it otherwise raises). */
  fenceIsStale(fence: Fence | undefined): boolean;
}

/** The seam a `MemoryStateStore` lends its role files. */
export interface MachineSeam {
  readonly state: () => MemoryState;
  readonly indexes: MemoryIndexes;
  readonly now: () => Date;
  readonly run: <T, E>(body: () => ResultAsync<T, E | StoreError>) => ResultAsync<T, E | StoreError>;
}

export const memoryMachine = (seam: MachineSeam): MemoryMachine => {
  const machine: MemoryMachine = {
    get state() {
      return seam.state();
    },
    indexes: seam.indexes,
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
        // One copy, frozen: stored and handed back as the same record (parts unchanged since
        // the version it replaces are shared with it, not copied).
        const stored = frozenJsonCopy(record);
        table[id] = stored;
        if (tableName === 'cards') seam.indexes.cardWritten(id, stored as unknown as Card);
        if (tableName === 'batches') seam.indexes.batchWritten(id, stored as unknown as Batch);
        if (tableName === 'leads') seam.indexes.leadWritten(id, stored as unknown as Lead);
        onWrite?.(stored);
        return okAsync(stored);
      }),
    writeCard: (id, card) => {
      if (card) machine.state.cards[id] = card;
      else delete machine.state.cards[id];
      seam.indexes.cardWritten(id, card);
    },
    writeBatch: (batch) => {
      machine.state.batches[batch.id] = batch;
      seam.indexes.batchWritten(batch.id, batch);
    },
    writeLedgerEntry: (entry) => {
      const id = ledgerId(entry.cardId, entry.step);
      machine.state.ledger[id] = entry;
      seam.indexes.ledgerWritten(id, entry);
    },
    appendAudit: (entry) => {
      const log = machine.state.audit;
      log.push(entry);
      seam.indexes.audit.appended(entry, log.length - 1);
    },
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
