import type { ResultAsync } from 'neverthrow';
import type { PolicyInputs } from '../../ports/policy-inputs.js';
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

/** The role of the store the policy context is read from (one call per card). */
export type PolicyContextStore = PolicyInputs;

/**
 * Reads everything the send policy needs, fresh from the store in one call
 * (`PolicyInputs`): controls (so the emergency stop is current), today's count and
 * today's count per channel (`SEND_CHANNEL_CAPS`), suppressions, first touches, cadence
 * state.
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
  return store
    .readPolicyInputs({
      dayKey: today,
      keys,
      suppressionTargets: targets,
      dayRecords: CLEAN_DAY_LOOKBACK,
      ...(card.step === 0 ? {} : { previousStep: { identityKey: card.leadKeys[0]!, step: card.step - 1, channel: card.channel, ...(card.campaignId !== undefined ? { campaignId: card.campaignId } : {}) } }),
    })
    .map(({ controls, sentToday, sentTodayByChannel, dayRecords, suppressions, firstTouches, previousStep, cadenceStops }): PolicyContext => {
      const cleanDays = cleanDaysInRow(dayRecords, today);
      const credentials = deps.providerCredentials?.()[card.channel];
      return {
        now,
        config: deps.policy,
        controls,
        card,
        lead,
        campaign: checkCampaign(card.channel, card.campaignId, deps.campaigns(), deps.channelRegistry),
        sentToday,
        sentTodayOnChannel: sentTodayByChannel[card.channel] ?? 0,
        cleanDaysInRow: cleanDays,
        suppressions,
        firstTouches,
        previousStep,
        cadenceStops,
        ...(credentials ? { providerCredentials: credentials } : {}),
        ...(deps.channelRegistry ? { channels: deps.channelRegistry } : {}),
      };
    });
};

/** The cap that applies today, for display (the claim enforces the same number). */
export const capForToday = (deps: Pick<CoreDeps, 'policy'>, cleanDays: number): number => effectiveDailyCap(deps.policy, cleanDays);
