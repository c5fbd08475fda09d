import { describe, expect, it } from 'vitest';
import { AT } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

/** The contract of `DayRecords`: one record per day, the most recent N. @category testing */
export const dayRecordsContract = (env: StateStoreContractEnv): void => {
  describe('day records', () => {
    it('keeps one record per day, oldest first, most recent N', async () => {
      const record = (day: string, clean: boolean) => ({ day, liveSends: 1, gateFailures: 0, unresolvedSends: clean ? 0 : 1, clean, computedAt: AT });
      await env.store.putDayRecord(record('2026-03-01', false));
      await env.store.putDayRecord(record('2026-02-28', true));
      await env.store.putDayRecord(record('2026-03-01', true));
      await env.store.putDayRecord(record('2026-03-02', true));
      const recent = (await env.store.listDayRecords(2))._unsafeUnwrap();
      expect(recent.map((r) => [r.day, r.clean])).toEqual([
        ['2026-03-01', true],
        ['2026-03-02', true],
      ]);
    });
  });
};
