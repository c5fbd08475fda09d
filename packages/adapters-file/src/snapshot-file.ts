import { emptyMemoryState, indexLedgerByKey, type LedgerEntry, type MemoryState } from '@caio/core';
import { z } from 'zod';

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
