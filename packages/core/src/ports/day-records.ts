import type { ResultAsync } from 'neverthrow';
import type { DayRecord } from '../clean-days.js';
import { token } from '../shared/token.js';
import type { StoreError } from './store-error.js';

/** One record per day (the clean-day evidence autonomy is earned with); a put replaces the day's record. @category ports */
export interface DayRecords {
  putDayRecord(record: DayRecord): ResultAsync<void, StoreError>;
  /** The most recent `limit` records, oldest first. */
  listDayRecords(limit: number): ResultAsync<readonly DayRecord[], StoreError>;
}
export const DayRecords = token<DayRecords>('DayRecords');
