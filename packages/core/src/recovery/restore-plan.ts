import type { AuditEntry } from '../audit/audit-entry.js';
import type { Channel } from '../channel.js';
import type { CardId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import { storeRecordKey, type StoreRecord, type StoreRecordKind } from '../ports/store-record.js';

/** What re-importing after an accepted loss writes, and what it leaves alone. @category model */
export interface RestorePlan {
  /** Records the store lacks, to import (one per key, the first source naming it wins). */
  readonly restore: readonly StoreRecord[];
  /** Records the store already holds: never overwritten (they may be newer than the source). */
  readonly alreadyPresent: number;
  /** Controls from a source are never imported: a stop engaged since the loss must stay engaged. */
  readonly controlsSkipped: number;
}

/**
 * Plans the re-import of what is known after a loss: every record of the sources that
 * the store does not hold, keyed as the stores key them. Nothing the store holds is
 * overwritten, and the controls are never restored (releasing an emergency stop by
 * importing an old backup would be a send nobody decided).
 *
 * @category model
 */
export const planRestore = (present: readonly StoreRecord[], candidates: readonly StoreRecord[]): RestorePlan => {
  const held = new Set(present.map(storeRecordKey));
  const chosen = new Map<string, StoreRecord>();
  let alreadyPresent = 0;
  let controlsSkipped = 0;
  for (const record of candidates) {
    if (record.kind === 'controls') {
      controlsSkipped++;
      continue;
    }
    const key = storeRecordKey(record);
    if (held.has(key)) alreadyPresent++;
    else if (!chosen.has(key)) chosen.set(key, record);
  }
  return { restore: [...chosen.values()], alreadyPresent, controlsSkipped };
};

/** Counts records per kind, for the operator's report and the audit entry. */
export const countByKind = (records: readonly StoreRecord[]): Partial<Record<StoreRecordKind, number>> => {
  const counts: Partial<Record<StoreRecordKind, number>> = {};
  for (const r of records) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
};

/** First touches an audit log proves, and the claimed first touches it cannot tie to a lead. */
export interface TouchesFromAudit {
  readonly touches: readonly StoreRecord[];
  /** `send.claimed` entries written before claims recorded the lead's keys: check these cards by hand. */
  readonly withoutKeys: readonly CardId[];
}

const isStringArray = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * Rebuilds the first-touch records a send log implies: every `send.claimed` of a step 0
 * (claimed means the provider may have been called: whether it then failed is not
 * trusted here, so a claimed lead counts as touched, the safe side) binds each of the
 * lead's identity keys to the card and channel. Only claims that recorded the lead's
 * keys can be rebuilt; the others are listed.
 *
 * @category model
 */
export const touchesFromAudit = (entries: readonly AuditEntry[]): TouchesFromAudit => {
  const touches: StoreRecord[] = [];
  const withoutKeys: CardId[] = [];
  for (const entry of entries) {
    if (entry.action !== 'send.claimed' || entry.cardId === undefined || entry.detail.step !== 0) continue;
    const { leadKeys, channel } = entry.detail;
    if (!isStringArray(leadKeys) || typeof channel !== 'string') {
      withoutKeys.push(entry.cardId);
      continue;
    }
    for (const key of leadKeys) touches.push({ kind: 'first_touch', value: { identityKey: key as IdentityKey, cardId: entry.cardId, channel: channel as Channel, at: entry.trace.at } });
  }
  return { touches, withoutKeys };
};
