import { MemoryStateStore, type AuditEntry, type Clock, type MemoryState, type StateStore, type StoreError, type StoreHealth } from '@caio/core';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errAsync, ResultAsync } from 'neverthrow';
import { applyChanges, DROP_HEAD, REPLACE_ALL, trackChanges, type Change } from './change-tracker.js';
import { GroupCommit } from './group-commit.js';
import { openJournalFile, type JournalFile, type OpenJournal } from './journal-file.js';
import { decodeLine, encodeLine } from './journal-line.js';
import { adoptLegacyProviderContacts } from './legacy-provider-contacts.js';
import { ProcessLock } from './process-lock.js';
import { readSnapshot, SNAPSHOT, syncDir, writeSnapshot } from './snapshot-file.js';
import { CorruptStore, toStoreError } from './store-errors.js';

export interface FileStateStoreOptions {
  /** The store's directory (default `./.caio/state`). */
  readonly dir: string;
  readonly clock?: Clock;
  /** Compact once the journal is larger than this and than the last snapshot (bytes). */
  readonly compactAfterBytes?: number;
  /** Told when a torn last journal line (a crash mid-append, never acknowledged) is cut, with what was cut. */
  readonly onTailRepaired?: (repair: TailRepair) => void;
  /** How the journal is opened for appending (tests wrap it to count, hold or fail fsyncs). */
  readonly openJournal?: OpenJournal;
}

/** A torn journal tail the store cut on open: where, how many bytes, and their start. @category adapters */
export interface TailRepair {
  readonly file: string;
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
  /** The first bytes cut, as text (at most 200 characters). */
  readonly preview: string;
}

const journalName = (generation: number): string => `journal-${generation}.log`;

/**
 * The embedded `StateStore`: the reference state machine of core, made durable and
 * shared between processes on one machine.
 *
 * - Every operation runs under a cross-process lock, after a replay of what other
 *   processes appended to the journal since the last read. The operations issued while
 *   the store is busy run as one group (`GroupCommit`): one lock acquisition, each
 *   operation in turn, then the records they changed appended as one checksummed line and
 *   fsynced before any of them returns. A returned operation is on disk; a crash leaves
 *   either the whole line or a torn tail, never acknowledged, which the next open (or
 *   writer) truncates.
 * - The journal is compacted into `snapshot.json` (temp file, fsync, rename, directory
 *   fsync) once it outgrows the snapshot, so the cost per operation does not grow with
 *   the number of records.
 * - Any other damage (a bad checksum or shape before the tail, an invalid snapshot) is
 *   `StoreCorrupt`, naming the file and the byte offset.
 *
 * @category adapters
 */
export class FileStateStore extends MemoryStateStore implements StateStore {
  private raw: MemoryState;
  private generation = 0;
  private seq = 0;
  private offset = 0;
  private snapshotBytes = 0;
  private journal: JournalFile | null = null;
  private corruption: StoreError | null = null;
  private readonly lock: ProcessLock;
  private readonly commits: GroupCommit;
  /** The records the current group changed, in order: its journal line. */
  private groupChanges: Change[] = [];
  /** Set when a failed commit could not be undone in memory: the next group reloads from disk first. */
  private reloadFirst = false;

  private constructor(
    private readonly dir: string,
    clock: Clock | undefined,
    private readonly compactAfterBytes: number,
    private readonly onTailRepaired: (repair: TailRepair) => void = () => undefined,
    private readonly openJournalAt: OpenJournal = openJournalFile,
  ) {
    super(() => (clock ?? { now: () => new Date() }).now());
    this.raw = this.state;
    this.lock = new ProcessLock(join(dir, '.lock'));
    this.commits = new GroupCommit({
      begin: () => this.beginGroup(),
      commit: () => this.commitGroup(),
      rollback: (error) => this.rollbackGroup(error),
      end: () => this.lock.release(),
    });
  }

  /** Opens (creating if needed) the store in `dir`, cleaning leftovers of a crash. */
  static open(options: FileStateStoreOptions): ResultAsync<FileStateStore, StoreError> {
    const store = new FileStateStore(options.dir, options.clock, options.compactAfterBytes ?? 8 * 1024 * 1024, options.onTailRepaired, options.openJournal);
    return ResultAsync.fromPromise(
      (async () => {
        await mkdir(options.dir, { recursive: true });
        await store.lock.acquire();
        try {
          await store.removeLeftovers();
          await store.reload();
        } finally {
          await store.lock.release();
        }
        // Outside the lock: the conversion runs the store's own operations, each taking it.
        await adoptLegacyProviderContacts(store, options.dir, (options.clock ?? { now: () => new Date() }).now().toISOString());
        return store;
      })(),
      toStoreError,
    );
  }

  /** The directory, for operators and tests. */
  get directory(): string {
    return this.dir;
  }

  protected override run<T, E>(body: () => ResultAsync<T, E | StoreError>): ResultAsync<T, E | StoreError> {
    if (this.corruption) return errAsync(this.corruption);
    return new ResultAsync(
      this.commits.submit(async () => {
        // The reference machine writes through a view that records each change into the group's line.
        this.state = trackChanges(this.raw, this.groupChanges);
        let pending: ResultAsync<T, E | StoreError>;
        try {
          pending = super.run(body);
        } finally {
          this.state = this.raw;
        }
        return pending;
      }).catch((error: unknown) => {
        const storeError = toStoreError(error);
        if (storeError._tag === 'StoreCorrupt') this.corruption = storeError;
        return errAsync<T, E | StoreError>(storeError);
      }),
    );
  }

  /** An erasure compacts at once: the journal lines that held the person in clear are gone. */
  private compactNow = false;

  protected override erased(): void {
    this.compactNow = true;
  }

  /** A group starts under the lock, from the state on disk. */
  private async beginGroup(): Promise<void> {
    await this.lock.acquire();
    try {
      this.groupChanges = [];
      if (this.reloadFirst) await this.reload();
      else await this.catchUp();
      this.reloadFirst = false;
    } catch (error) {
      await this.lock.release();
      throw error;
    }
  }

  /** The group's changes as one journal line, appended and fsynced: the group is durable, or this throws. */
  private async commitGroup(): Promise<void> {
    const changes = this.groupChanges;
    this.groupChanges = [];
    if (changes.length === 0) return;
    const line = encodeLine({ seq: this.seq + 1, changes });
    const journal = await this.openJournal();
    await journal.append(line);
    await journal.datasync();
    this.seq += 1;
    this.offset += Buffer.byteLength(line);
    if (this.compactNow || (this.offset > this.compactAfterBytes && this.offset > this.snapshotBytes)) {
      this.compactNow = false;
      await this.compact();
    }
  }

  /** After a failed commit: the append may be partial, so cut it and drop the group's changes from memory. */
  private async rollbackGroup(error: unknown): Promise<unknown> {
    await truncate(join(this.dir, journalName(this.generation)), this.offset).catch(() => undefined);
    try {
      await this.reload();
    } catch (reloadError) {
      // Memory may still hold what is not on disk: no operation may read it before a reload.
      this.reloadFirst = true;
      return reloadError;
    }
    return error;
  }

  private async openJournal(): Promise<JournalFile> {
    this.journal ??= await this.openJournalAt(join(this.dir, journalName(this.generation)));
    return this.journal;
  }

  private async closeJournal(): Promise<void> {
    const handle = this.journal;
    this.journal = null;
    await handle?.close();
  }

  /** Reads what other processes appended since our last read (or reloads after a compaction). */
  private async catchUp(): Promise<void> {
    const path = join(this.dir, journalName(this.generation));
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return this.reload(); // another process compacted into a new generation
    }
    if (size < this.offset) return this.reload();
    if (size > this.offset) await this.replay(path, this.offset, this.raw);
  }

  /** Rebuilds the state from the snapshot and the journal. */
  private async reload(): Promise<void> {
    await this.closeJournal();
    const { snapshot, bytes } = await readSnapshot(this.dir);
    this.snapshotBytes = bytes;
    this.indexes.reset();
    this.raw = snapshot.state;
    this.state = this.raw;
    this.generation = snapshot.generation;
    this.seq = snapshot.seq;
    this.offset = 0;
    const path = join(this.dir, journalName(this.generation));
    await this.replay(path, 0, this.raw).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
  }

  private async replay(path: string, from: number, state: MemoryState): Promise<void> {
    const handle = await open(path, 'r');
    let buffer: Buffer;
    try {
      const { size } = await handle.stat();
      buffer = Buffer.alloc(size - from);
      await handle.read(buffer, 0, buffer.length, from);
    } finally {
      await handle.close();
    }
    let position = 0;
    while (position < buffer.length) {
      const newline = buffer.indexOf(0x0a, position);
      const lineEnd = newline < 0 ? buffer.length : newline;
      const decoded = newline < 0 ? ({ ok: false, reason: 'torn' } as const) : decodeLine(buffer.toString('utf8', position, lineEnd));
      if (!decoded.ok) {
        // Only the last line can be torn by a crash mid-append (never acknowledged): cut it.
        if (newline < 0 || newline === buffer.length - 1) {
          await truncate(path, from + position);
          const cut = buffer.subarray(position);
          this.onTailRepaired({ file: path, offset: from + position, bytes: cut.length, reason: decoded.reason, preview: cut.toString('utf8', 0, Math.min(cut.length, 200)) });
          break;
        }
        throw new CorruptStore(`${path}:${from + position}`, `journal record is damaged (${decoded.reason})`);
      }
      if (decoded.record.seq > this.seq) {
        applyChanges(state, decoded.record.changes);
        this.followIndexes(decoded.record.changes, state);
        this.seq = decoded.record.seq;
      }
      position = lineEnd + 1;
    }
    this.offset = from + Math.min(position, buffer.length);
  }

  /** Leads, cards, batches, ledger entries and audit entries another process wrote: keep the derived indexes in step. */
  private followIndexes(changes: readonly Change[], state: MemoryState): void {
    const appended: AuditEntry[] = [];
    let dropped = 0;
    let rewritten = false;
    for (const [table, key, value] of changes) {
      if (table === 'cards' && key !== null) this.indexes.cardWritten(key, state.cards[key]);
      else if (table === 'batches' && key !== null) this.indexes.batchWritten(key, state.batches[key]);
      else if (table === 'leads' && key !== null) this.indexes.leadWritten(key, state.leads[key]);
      else if (table === 'ledger' && key !== null) this.indexes.ledgerWritten(key, state.ledger[key]);
      else if (table === 'audit' && key === null) appended.push(value as AuditEntry);
      else if (table === 'audit' && key === DROP_HEAD) dropped += value as number;
      else if (table === 'audit' && key === REPLACE_ALL) rewritten = true;
    }
    if (rewritten) return this.indexes.audit.reset();
    this.indexes.audit.droppedHead(dropped);
    // Appends land at the tail, after any archival of the head.
    const first = state.audit.length - appended.length;
    appended.forEach((entry, i) => this.indexes.audit.appended(entry, first + i));
  }

  /** Writes the whole state as the next generation's snapshot and starts an empty journal. */
  private async compact(): Promise<void> {
    const next = this.generation + 1;
    this.snapshotBytes = await writeSnapshot(this.dir, { generation: next, seq: this.seq, state: this.raw });
    const previous = journalName(this.generation);
    await this.closeJournal();
    this.generation = next;
    this.offset = 0;
    await (await open(join(this.dir, journalName(next)), 'a', 0o600)).close();
    await syncDir(this.dir);
    await unlink(join(this.dir, previous)).catch(() => undefined);
  }

  /** Temp files of an interrupted compaction, journals of older generations, broken locks. */
  private async removeLeftovers(): Promise<void> {
    const { snapshot } = await readSnapshot(this.dir);
    for (const name of await readdir(this.dir)) {
      const stale =
        name.startsWith(`${SNAPSHOT}.tmp-`) ||
        name.startsWith('.lock.broken-') ||
        (/^journal-\d+\.log$/.test(name) && name !== journalName(snapshot.generation));
      if (stale) await unlink(join(this.dir, name)).catch(() => undefined);
    }
  }

  override health(): ResultAsync<StoreHealth, never> {
    return ResultAsync.fromSafePromise(
      (async (): Promise<StoreHealth> => {
        if (this.corruption) return { ok: false, backend: 'file', sendsBlocked: `store is corrupt: ${JSON.stringify(this.corruption)}` };
        const writable = await access(this.dir, constants.W_OK).then(
          () => true,
          () => false,
        );
        return writable ? { ok: true, backend: 'file', detail: { dir: this.dir, generation: this.generation } } : { ok: false, backend: 'file', sendsBlocked: `${this.dir} is not writable` };
      })(),
    ).andThen((health) => super.health().map((base) => (base.ok ? health : { ...base, backend: 'file' })));
  }

  override async close(): Promise<void> {
    await this.commits.idle();
    await super.close();
    await this.closeJournal();
  }
}
