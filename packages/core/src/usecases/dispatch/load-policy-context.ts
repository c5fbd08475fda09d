import { ResultAsync } from 'neverthrow';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { DayRecords } from '../../ports/day-records.js';
import { checkCampaign } from '../../campaign/campaign-mapping.js';
import type { Card } from '../../card/card.js';
import { sortKeys } from '../../lead/identity.js';
import { leadKeys, type Lead } from '../../lead/lead.js';
import { cleanDaysInRow } from '../../autonomy/compute-day-record.js';
import type { PolicyContext } from '../../policy/policy-context.js';
import { effectiveDailyCap } from '../../policy/daily-cap.js';
import type { StoreError } from '../../ports/store-error.js';
import { suppressionTargetsForKeys, type SuppressionTarget } from '../../suppression/suppression.js';
import { dayKey } from '../../time/zoned-time.js';
import type { CoreDeps, UseCaseDeps } from '../support/core-deps.js';

const CLEAN_DAY_LOOKBACK = 60;

/** The roles of the store the policy context is read from. */
export type PolicyContextStore = SendLedger & Suppressions & CadenceStops & ControlsStore & DayRecords;

/**
 * Reads everything the send policy needs, fresh from the store: controls (so the
 * emergency stop is current), today's counts (all channels and the card's), suppressions, first touches, cadence state.
 * `lead` is the card's lead as it is now (its survivor after a merge): the person's
 * current keys and company domain count, not only the keys the card was crafted with.
 *
 * @category model
 */
export const loadPolicyContext = (
  deps: UseCaseDeps<PolicyContextStore, 'policy' | 'campaigns' | 'providerCredentials' | 'channelRegistry'>,
  card: Card,
  lead: Lead | null,
  now: Date,
): ResultAsync<PolicyContext, StoreError> => {
  const { store } = deps;
  const today = dayKey(now, deps.policy.timeZone);
  const keys = sortKeys([...card.leadKeys, ...(lead ? leadKeys(lead) : [])]);
  const targets: SuppressionTarget[] = [...suppressionTargetsForKeys(keys), ...(lead?.companyDomain ? [`domain:${lead.companyDomain}` as const] : [])];
  const previousStep =
    card.step === 0
      ? ResultAsync.fromSafePromise<null>(Promise.resolve(null))
      : store
          .listLedger({ identityKey: card.leadKeys[0]!, limit: 1000 })
          .map(
            (page) =>
              page.items.find(
                (e) => e.step === card.step - 1 && e.channel === card.channel && (e.campaignId ?? null) === (card.campaignId ?? null),
              ) ?? null,
          );
  return ResultAsync.combine([
    store.getControls(),
    store.countDaySends(today),
    store.countDayChannelSends(today),
    store.listDayRecords(CLEAN_DAY_LOOKBACK),
    store.findSuppressions(targets),
    store.getFirstTouches(keys),
    previousStep,
    store.findCadenceStops(keys),
  ] as const).map(([controls, sentToday, sentByChannel, records, suppressions, firstTouches, previous, cadenceStops]): PolicyContext => {
    const cleanDays = cleanDaysInRow(records, today);
    const credentials = deps.providerCredentials?.()[card.channel];
    return {
      now,
      config: deps.policy,
      controls,
      card,
      lead,
      campaign: checkCampaign(card.channel, card.campaignId, deps.campaigns(), deps.channelRegistry),
      sentToday,
      sentTodayOnChannel: sentByChannel[card.channel] ?? 0,
      cleanDaysInRow: cleanDays,
      suppressions,
      firstTouches,
      previousStep: previous,
      cadenceStops,
      ...(credentials ? { providerCredentials: credentials } : {}),
      ...(deps.channelRegistry ? { channels: deps.channelRegistry } : {}),
    };
  });
};

/** The cap that applies today, for display (the claim enforces the same number). */
export const capForToday = (deps: Pick<CoreDeps, 'policy'>, cleanDays: number): number => effectiveDailyCap(deps.policy, cleanDays);
