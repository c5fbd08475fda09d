import type { ResultAsync } from 'neverthrow';
import type { LeadId } from '../ids.js';
import type { StoreAdmin } from '../ports/store-admin.js';
import type { StoreError } from '../ports/store-error.js';
import { daySendsValue, storeRecordKey, type StoreRecord } from '../ports/store-record.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone, indexLeadIdentity, indexLedgerEntry } from './memory-state.js';

/** The reference export and import of `StoreAdmin` (health and close belong to the store object). */
export const memoryStoreRecords = (m: MemoryMachine): Pick<StoreAdmin, 'exportRecords' | 'importRecords'> => ({
  exportRecords(): ResultAsync<readonly StoreRecord[], StoreError> {
    return m.value(() => {
      const s = m.state;
      const records: StoreRecord[] = [
        ...Object.values(s.leads).map((value): StoreRecord => ({ kind: 'lead', value })),
        ...Object.entries(s.aliases).map(([id, survivor]): StoreRecord => ({ kind: 'lead_alias', value: { id: id as LeadId, survivor } })),
        ...Object.values(s.cards).map((value): StoreRecord => ({ kind: 'card', value })),
        ...Object.values(s.batches).map((value): StoreRecord => ({ kind: 'batch', value })),
        ...Object.values(s.ledger).map((value): StoreRecord => ({ kind: 'ledger', value })),
        ...Object.values(s.firstTouches).map((value): StoreRecord => ({ kind: 'first_touch', value })),
        ...Object.entries(s.daySends).map(([dayKey, count]): StoreRecord => ({ kind: 'day_sends', value: daySendsValue(dayKey, count, s.dayChannelSends[dayKey]) })),
        ...Object.entries(s.fences).map(([resource, token]): StoreRecord => ({ kind: 'fence', value: { resource, token } })),
        ...Object.values(s.suppressions).map((value): StoreRecord => ({ kind: 'suppression', value })),
        ...Object.values(s.cadenceStops).map((value): StoreRecord => ({ kind: 'cadence_stop', value })),
        ...(s.controls ? [{ kind: 'controls', value: s.controls } as StoreRecord] : []),
        ...Object.values(s.inbox).map((value): StoreRecord => ({ kind: 'inbox', value })),
        ...Object.values(s.dayRecords).map((value): StoreRecord => ({ kind: 'day_record', value })),
      ];
      return records.sort((a, b) => (storeRecordKey(a) < storeRecordKey(b) ? -1 : 1));
    });
  },

  importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError> {
    return m.value(() => {
      const s = m.state;
      for (const record of clone(records)) {
        switch (record.kind) {
          case 'lead': {
            s.leads[record.value.id] = record.value;
            m.indexes.leadWritten(record.value.id, record.value);
            indexLeadIdentity(s, record.value);
            break;
          }
          case 'lead_alias':
            s.aliases[record.value.id] = record.value.survivor;
            break;
          case 'card':
            m.writeCard(record.value.id, record.value);
            break;
          case 'batch':
            m.writeBatch(record.value);
            break;
          case 'ledger':
            m.writeLedgerEntry(record.value);
            indexLedgerEntry(s, record.value);
            break;
          case 'first_touch':
            s.firstTouches[record.value.identityKey] = record.value;
            break;
          case 'day_sends':
            s.daySends[record.value.dayKey] = record.value.count;
            if (record.value.byChannel) s.dayChannelSends[record.value.dayKey] = { ...record.value.byChannel };
            else delete s.dayChannelSends[record.value.dayKey];
            break;
          case 'fence':
            s.fences[record.value.resource] = record.value.token;
            break;
          case 'suppression':
            s.suppressions[record.value.target] = record.value;
            break;
          case 'cadence_stop':
            s.cadenceStops[record.value.identityKey] = record.value;
            break;
          case 'controls':
            s.controls = record.value;
            break;
          case 'inbox':
            s.inbox[record.value.eventId] = record.value;
            break;
          case 'day_record':
            s.dayRecords[record.value.day] = record.value;
            break;
        }
      }
    });
  },
});
