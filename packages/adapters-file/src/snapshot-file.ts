import { emptyMemoryState, indexLedgerByKey, type LedgerEntry, type MemoryState } from '@caio/core';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CorruptStore } from './store-errors.js';

/** The compacted state's file name in the store's directory. */
export const SNAPSHOT = 'snapshot.json';

const map = z.record(z.string(), z.unknown());

/** The compacted state on disk; each table is validated as the right container, record values as objects. */
export const snapshotSchema = z
  .object({
    format: z.literal(1),
    generation: z.number().int().nonnegative(),
    seq: z.number().int().nonnegative(),
    state: z
      .object({
        leads: map,
        // Snapshots written before merges existed have no aliases.
        aliases: z.record(z.string(), z.string()).default({}),
        identityIndex: z.record(z.string(), z.string()),
        cards: map,
        batches: map,
        ledger: map,
        // Snapshots written before the index existed get it rebuilt from the ledger below.
        ledgerByKey: z.record(z.string(), z.array(z.string())).optional(),
        firstTouches: map,
        daySends: z.record(z.string(), z.number()),
        // Snapshots written before per-channel day counts existed have none.
        dayChannelSends: z.record(z.string(), z.record(z.string(), z.number())).default({}),
        fences: z.record(z.string(), z.number()),
        suppressions: map,
        cadenceStops: map,
        controls: z.record(z.string(), z.unknown()).nullable(),
        inbox: map,
        // Snapshots written before apply claims existed have none.
        inboxClaims: z.record(z.string(), z.object({ holder: z.string(), until: z.string() })).default({}),
        quarantine: z.array(z.unknown()),
        audit: z.array(z.unknown()),
        dayRecords: map,
        // Snapshots written before shared event counts existed have none.
        eventCounts: z.record(z.string(), z.number()).default({}),
      })
      .strict()
      .transform((state) => ({ ...state, ledgerByKey: state.ledgerByKey ?? indexLedgerByKey(state.ledger as Record<string, LedgerEntry>) })),
  })
  .strict();

export interface Snapshot {
  readonly generation: number;
  readonly seq: number;
  readonly state: MemoryState;
}

export const emptySnapshot = (): Snapshot => ({ generation: 0, seq: 0, state: emptyMemoryState() });

export const encodeSnapshot = (snapshot: Snapshot): string => JSON.stringify({ format: 1, ...snapshot });

/** The snapshot in `dir` (empty when there is none yet) and its size in bytes; `CorruptStore` when it is damaged. */
export const readSnapshot = async (dir: string): Promise<{ readonly snapshot: Snapshot; readonly bytes: number }> => {
  const path = join(dir, SNAPSHOT);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { snapshot: emptySnapshot(), bytes: 0 };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorruptStore(`${path}:0`, `snapshot is not valid JSON (${(error as Error).message})`);
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorruptStore(`${path}:0`, `snapshot has an unexpected shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  return { snapshot: parsed.data as unknown as Snapshot, bytes: Buffer.byteLength(text) };
};

/** Replaces the snapshot in `dir` durably (temp file, fsync, rename, directory fsync); answers its size in bytes. */
export const writeSnapshot = async (dir: string, snapshot: Snapshot): Promise<number> => {
  const text = encodeSnapshot(snapshot);
  const temp = join(dir, `${SNAPSHOT}.tmp-${process.pid}`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, SNAPSHOT));
  await syncDir(dir);
  return Buffer.byteLength(text);
};

/** Makes the directory's entries (a rename, a new file) durable. */
export const syncDir = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};
