import type { ResultAsync } from 'neverthrow';
import type { DayRecord } from '../clean-days.js';
import type { DayRecords } from '../ports/day-records.js';
import type { StoreError } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone } from './memory-state.js';

/** The reference `DayRecords`. */
export const memoryDayRecords = (m: MemoryMachine): DayRecords => ({
  putDayRecord(record: DayRecord): ResultAsync<void, StoreError> {
    return m.value(() => {
      m.state.dayRecords[record.day] = clone(record);
    });
  },

  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError> {
    return m.value(() =>
      Object.values(m.state.dayRecords)
        .sort((a, b) => (a.day < b.day ? -1 : 1))
        .slice(-limit),
    );
  },
});
