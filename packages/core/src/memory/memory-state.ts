import type { AuditEntry } from '../audit/audit-entry.js';
import type { Batch } from '../batch/batch.js';
import type { CadenceStop } from '../cadence/cadence.js';
import type { Card } from '../card/card.js';
import type { DayRecord } from '../clean-days.js';
import type { Controls } from '../controls/controls.js';
import type { LeadId } from '../ids.js';
import { leadKeys, type Lead } from '../lead/lead.js';
import type { FirstTouch, LedgerEntry } from '../ledger/send-ledger.js';
import type { InboxEvent, QuarantinedDelivery } from '../ports/webhook-inbox.js';
import { jsonCopy } from '../shared/json-copy.js';
import type { Suppression } from '../suppression/suppression.js';

/** The whole state as plain data: what a snapshot compares and what faults corrupt. */
export interface MemoryState {
  leads: Record<string, Lead>;
  /** Lead id merged into another -> the survivor's id (one hop). */
  aliases: Record<string, LeadId>;
  identityIndex: Record<string, LeadId>;
  cards: Record<string, Card>;
  batches: Record<string, Batch>;
  ledger: Record<string, LedgerEntry>;
  /** Ledger ids per identity key (derived from `ledger`): a lead's sends without a scan. */
  ledgerByKey: Record<string, string[]>;
  firstTouches: Record<string, FirstTouch>;
  daySends: Record<string, number>;
  /** Day key -> claims per channel that day; a whole day's map is replaced on each claim (one journal change). */
  dayChannelSends: Record<string, Record<string, number>>;
  fences: Record<string, number>;
  suppressions: Record<string, Suppression>;
  cadenceStops: Record<string, CadenceStop>;
  controls: Controls | null;
  inbox: Record<string, InboxEvent>;
  /** Live apply claims by event id (bookkeeping of deliveries in progress, never exported). */
  inboxClaims: Record<string, { holder: string; until: string }>;
  quarantine: QuarantinedDelivery[];
  audit: AuditEntry[];
  dayRecords: Record<string, DayRecord>;
  /** `<name>|<minute bucket>` -> events counted (`EventCounts`; bookkeeping, never exported). */
  eventCounts: Record<string, number>;
}

export const emptyMemoryState = (): MemoryState => ({
  leads: {},
  aliases: {},
  identityIndex: {},
  cards: {},
  batches: {},
  ledger: {},
  ledgerByKey: {},
  firstTouches: {},
  daySends: {},
  dayChannelSends: {},
  fences: {},
  suppressions: {},
  cadenceStops: {},
  controls: null,
  inbox: {},
  inboxClaims: {},
  quarantine: [],
  audit: [],
  dayRecords: {},
  eventCounts: {},
});

export const ledgerId = (cardId: string, step: number): string => `${cardId}#${step}`;

// Stored values are plain JSON data, so a JSON round trip is a faithful deep copy
// (jsonCopy gives the same result without the text in between).
export const clone = <T>(value: T): T => jsonCopy(value);

/**
 * Freezes a stored record and everything in it, in place, and answers it: a record handed
 * out frozen needs no copy, since nobody can change the store through it (and the store
 * itself only ever replaces records, never edits one). Records are frozen as they are
 * first handed out (a replayed journal stores plain ones); a frozen object was frozen here
 * whole, so it is not walked again.
 */
export const deepFreeze = <T>(value: T): T => {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const field of Object.values(value)) deepFreeze(field);
  return Object.freeze(value);
};

/** Points every identity key of the lead (primary and other keys) at it in the identity index. */
export const indexLeadIdentity = (s: Pick<MemoryState, 'identityIndex'>, lead: Lead): void => {
  for (const key of leadKeys(lead)) if (s.identityIndex[key] !== lead.id) s.identityIndex[key] = lead.id;
};

/** Adds one ledger entry to the per-identity-key index (a new array, so a journal sees the change). */
export const indexLedgerEntry = (s: Pick<MemoryState, 'ledgerByKey'>, entry: LedgerEntry): void => {
  const id = ledgerId(entry.cardId, entry.step);
  for (const key of new Set(entry.leadKeys)) {
    const ids = s.ledgerByKey[key] ?? [];
    if (!ids.includes(id)) s.ledgerByKey[key] = [...ids, id];
  }
};

/**
 * The per-identity-key ledger index of a whole ledger (for states written before the
 * index existed).
 *
 * @category adapters
 */
export const indexLedgerByKey = (ledger: Readonly<Record<string, LedgerEntry>>): Record<string, string[]> => {
  const index: Pick<MemoryState, 'ledgerByKey'> = { ledgerByKey: {} };
  for (const entry of Object.values(ledger)) indexLedgerEntry(index, entry);
  return index.ledgerByKey;
};

/** The records of `table` under each of `keys` (each key once, in order), skipping the missing ones. */
export const findEach = <T>(table: Readonly<Record<string, T>>, keys: readonly string[]): T[] =>
  [...new Set(keys)].flatMap((key) => {
    const record = table[key];
    return record ? [record] : [];
  });
