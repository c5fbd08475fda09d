import { ResultAsync } from 'neverthrow';
import type { Cards } from '../../ports/cards.js';
import type { DayRecords } from '../../ports/day-records.js';
import { cleanDaysInRow } from '../../autonomy/compute-day-record.js';
import { evaluateAutonomyReadiness } from '../../autonomy/autonomy-readiness.js';
import type { StoreError } from '../../ports/store-error.js';
import { dayKey } from '../../time/zoned-time.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { rejectionSummary } from './rejection-summary.js';

type ReadinessInput = Parameters<typeof evaluateAutonomyReadiness>[0];

/** What only the composition root knows: how webhooks, auth and state are configured. */
export type ReadinessEnvironment = Omit<ReadinessInput, 'cleanDaysInRow' | 'rejectionTrend'> & { readonly trendWindowDays: number };

export type AutonomyReadiness = ReturnType<typeof evaluateAutonomyReadiness>;

/** The roles of the store the autonomy readiness report reads. */
export type AutonomyReadinessStore = Cards & DayRecords;

/**
 * The autonomy go/no-go, computed (never hand-set) from the day records, the rejection
 * trend and the deployment's security settings.
 *
 * @category model
 */
export const autonomyReadiness = (deps: UseCaseDeps<AutonomyReadinessStore>, environment: ReadinessEnvironment): ResultAsync<AutonomyReadiness, StoreError> => {
  const { trendWindowDays, ...rest } = environment;
  return ResultAsync.combine([deps.store.listDayRecords(90), rejectionSummary(deps, trendWindowDays)] as const).map(([records, summary]) =>
    evaluateAutonomyReadiness({
      ...rest,
      cleanDaysInRow: cleanDaysInRow(records, dayKey(deps.clock.now(), deps.policy.timeZone)),
      rejectionTrend: summary.trend,
    }),
  );
};
