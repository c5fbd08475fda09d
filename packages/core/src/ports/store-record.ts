import type { Batch } from '../batch/batch.js';
import type { CadenceStop } from '../cadence/cadence.js';
import type { Card } from '../card/card.js';
import type { DayRecord } from '../clean-days.js';
import type { Controls } from '../controls/controls.js';
import type { LeadId } from '../ids.js';
import type { Lead } from '../lead/lead.js';
import type { FirstTouch, LedgerEntry } from '../ledger/send-ledger.js';
import type { Suppression } from '../suppression/suppression.js';
import type { InboxEvent } from './state-store.js';

/** A day's send count; `byChannel` (claims per channel) is absent on days counted before it existed. @category model */
export interface DaySendsValue {
  readonly dayKey: string;
  readonly count: number;
  readonly byChannel?: Readonly<Record<string, number>>;
}

/**
 * One durable record of a state store, as plain data: what `exportRecords` lists and
 * `importRecords` writes. It is how a cutover copies the file store into Redis and how
 * drift between two stores is compared and repaired. The audit log and the quarantine
 * are append-only histories and are not records (each store keeps its own).
 *
 * @category model
 */
export type StoreRecord =
  | { readonly kind: 'lead'; readonly value: Lead }
  | { readonly kind: 'lead_alias'; readonly value: { readonly id: LeadId; readonly survivor: LeadId } }
  | { readonly kind: 'card'; readonly value: Card }
  | { readonly kind: 'batch'; readonly value: Batch }
  | { readonly kind: 'ledger'; readonly value: LedgerEntry }
  | { readonly kind: 'first_touch'; readonly value: FirstTouch }
  | { readonly kind: 'day_sends'; readonly value: DaySendsValue }
  | { readonly kind: 'fence'; readonly value: { readonly resource: string; readonly token: number } }
  | { readonly kind: 'suppression'; readonly value: Suppression }
  | { readonly kind: 'cadence_stop'; readonly value: CadenceStop }
  | { readonly kind: 'controls'; readonly value: Controls }
  | { readonly kind: 'inbox'; readonly value: InboxEvent }
  | { readonly kind: 'day_record'; readonly value: DayRecord };

/** A day_sends record's value, with `byChannel` (sorted, so two stores encode it alike) only when the day has one. @category model */
export const daySendsValue = (dayKey: string, count: number, byChannel: Readonly<Record<string, number>> | undefined): DaySendsValue => {
  const entries = Object.entries(byChannel ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0 ? { dayKey, count } : { dayKey, count, byChannel: Object.fromEntries(entries) };
};

export type StoreRecordKind = StoreRecord['kind'];

/** The identity of a record: two stores agree when each key holds equal values. */
export const storeRecordKey = (record: StoreRecord): string => {
  switch (record.kind) {
    case 'lead':
    case 'card':
    case 'batch':
      return `${record.kind}:${record.value.id}`;
    case 'lead_alias':
      return `lead-alias:${record.value.id}`;
    case 'ledger':
      return `ledger:${record.value.cardId}#${record.value.step}`;
    case 'first_touch':
      return `touch:${record.value.identityKey}`;
    case 'day_sends':
      return `day:${record.value.dayKey}`;
    case 'fence':
      return `fence:${record.value.resource}`;
    case 'suppression':
      return `suppression:${record.value.target}`;
    case 'cadence_stop':
      return `stop:${record.value.identityKey}`;
    case 'controls':
      return 'controls';
    case 'inbox':
      return `inbox:${record.value.eventId}`;
    case 'day_record':
      return `day-record:${record.value.day}`;
  }
};
