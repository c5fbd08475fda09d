import { ResultAsync } from 'neverthrow';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { DayRecords } from '../../ports/day-records.js';
import { computeDayRecord } from '../../autonomy/compute-day-record.js';
import type { DayRecord } from '../../clean-days.js';
import type { StoreError } from '../../ports/store-error.js';
import { dayKey } from '../../time/zoned-time.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { listAllCards } from './list-all-cards.js';
import { listAllLedger } from './list-all-ledger.js';

/** The roles of the store recording a day touches. */
export type RecordDayStore = Cards & SendLedger & DayRecords;

/**
 * Clean-day accounting for one send day (in the send timezone): its live sends, the
 * quality-gate failures among cards drafted that day, and sends still unresolved.
 * Re-running it for the same day replaces the record (an `unknown` resolved later
 * can make a day clean).
 *
 * @category model
 */
export const recordDay = (deps: UseCaseDeps<RecordDayStore>, day: string): ResultAsync<DayRecord, StoreError> =>
  ResultAsync.combine([listAllLedger(deps.store, {}), listAllCards(deps.store, {})] as const).andThen(([entries, cards]) => {
    const ofDay = entries.filter((e) => e.dayKey === day);
    const gateFailures = cards.filter((c) => !c.quality.passed && dayKey(new Date(c.createdAt), deps.policy.timeZone) === day).length;
    const record = computeDayRecord(day, ofDay, gateFailures, deps.clock.now().toISOString());
    return deps.store.putDayRecord(record).map(() => record);
  });
