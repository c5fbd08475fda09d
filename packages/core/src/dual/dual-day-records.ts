import type { ResultAsync } from 'neverthrow';
import type { DayRecord } from '../clean-days.js';
import type { DayRecords } from '../ports/day-records.js';
import type { StoreError } from '../ports/store-error.js';
import type { DualRouter } from './dual-router.js';

/** `DayRecords` over two stores: reads compared, writes mirrored (see `DualRouter`). */
export const dualDayRecords = (d: DualRouter): DayRecords => ({
  putDayRecord(record: DayRecord): ResultAsync<void, StoreError> {
    return d.write('putDayRecord', [`day-record:${record.day}`], (s) => s.putDayRecord(record));
  },
  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError> {
    return d.read('listDayRecords', [`day-records:${limit}`], (s) => s.listDayRecords(limit));
  },
});
