import type { CadenceStop } from '../cadence/cadence.js';
import type { CardStatus } from '../card/card-status.js';
import { isHumanApproval } from '../card/human-approval.js';
import type { Channel, ChannelCounts } from '../channel.js';
import type { Mode } from '../controls/controls.js';
import type { Tier } from '../lead/lead.js';
import type { ProviderCredentialState } from '../provider/provider-credentials.js';
import type { LedgerState } from '../ledger/send-ledger.js';
import type { SuppressionReason } from '../suppression/suppression.js';
import type { SendWindow } from '../time/zoned-time.js';
import type { DenialName, SendDecision } from './denial.js';
import type { PolicyContext } from './policy-context.js';
import type { RampStep } from './send-policy-config.js';

/** How the card's campaign looked to the policy (`CampaignCheck`'s tag, in snake case). @category model */
export type RecordedCampaign = 'not_needed' | 'mapped' | 'missing' | 'unknown';

/**
 * Exactly what a send decision read, reduced to what the rules look at (no names, no
 * e-mail addresses, no message text), and what it decided. Written to the audit as
 * `send.decided` so a recorded decision can be replayed against a later policy.
 *
 * @category model
 */
// A type alias, not an interface, so it is an audit entry's `detail` as it stands.
export type PolicyDecisionRecord = {
  readonly now: string;
  readonly config: {
    readonly timeZone: string;
    readonly window: string;
    readonly dailyCap: number;
    readonly rampSchedule: readonly RampStep[];
    readonly leadQuietHours?: string;
    /** SEND_CHANNEL_CAPS, when any channel has a cap of its own. */
    readonly channelCaps?: ChannelCounts;
  };
  readonly controls: { readonly stopEngaged: boolean; readonly mode: Mode; readonly windowOverride: boolean };
  readonly lead: { readonly timezone?: string };
  readonly card: {
    readonly channel: Channel;
    readonly tier: Tier;
    readonly status: CardStatus;
    readonly approvedByHuman: boolean;
    readonly step: number;
    readonly campaign: RecordedCampaign;
    readonly qualityPassed: boolean;
    /** The provider's last credential check, when the provider is checked (live mode). */
    readonly providerCredentials?: ProviderCredentialState;
  };
  readonly history: {
    readonly sentToday: number;
    /** Sends today on the card's channel; recorded only when channel caps are configured. */
    readonly sentTodayOnChannel?: number;
    readonly cleanDaysInRow: number;
    readonly suppressions: readonly SuppressionReason[];
    /** First touches on any of the lead's identity keys: by this very card or by another. */
    readonly firstTouches: readonly { readonly by: 'this_card' | 'another_card'; readonly channel: Channel }[];
    /** Step n-1 on the same channel and campaign, when the card is a follow-up and it exists. */
    readonly previousStep: { readonly state: LedgerState; readonly channel: Channel } | null;
    readonly cadenceStops: readonly CadenceStop['reason'][];
  };
  readonly decision: { readonly allowed: boolean; readonly denials: readonly DenialName[]; readonly dayKey: string; readonly dailyCap: number };
};

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** `HH:MM-HH:MM`, the form `parseSendWindow` reads back. @category model */
export const formatSendWindow = (window: SendWindow): string => `${hhmm(window.start)}-${hhmm(window.end)}`;

const CAMPAIGN: Readonly<Record<PolicyContext['campaign']['_tag'], RecordedCampaign>> = { NotNeeded: 'not_needed', Mapped: 'mapped', Missing: 'missing', Unknown: 'unknown' };

/** The record of one decision; pure, so the same context always gives the same record. @category model */
export const recordPolicyDecision = (context: PolicyContext, decision: SendDecision): PolicyDecisionRecord => {
  const { config, controls, card, lead } = context;
  const hasChannelCaps = Object.keys(config.channelCaps ?? {}).length > 0;
  return {
    now: context.now.toISOString(),
    config: {
      timeZone: config.timeZone,
      window: formatSendWindow(config.window),
      dailyCap: config.dailyCap,
      rampSchedule: config.rampSchedule.map((s) => ({ afterCleanDays: s.afterCleanDays, dailyCap: s.dailyCap })),
      ...(config.leadQuietHours ? { leadQuietHours: formatSendWindow(config.leadQuietHours) } : {}),
      ...(hasChannelCaps ? { channelCaps: { ...config.channelCaps } } : {}),
    },
    controls: { stopEngaged: controls.emergencyStop.engaged, mode: controls.mode, windowOverride: controls.sendWindowOverride },
    lead: lead?.timezone !== undefined ? { timezone: lead.timezone } : {},
    card: {
      channel: card.channel,
      tier: card.tier,
      status: card.status,
      approvedByHuman: isHumanApproval(card),
      step: card.step,
      campaign: CAMPAIGN[context.campaign._tag],
      qualityPassed: card.quality.passed,
      ...(context.providerCredentials ? { providerCredentials: context.providerCredentials.state } : {}),
    },
    history: {
      sentToday: context.sentToday,
      ...(hasChannelCaps ? { sentTodayOnChannel: context.sentTodayOnChannel } : {}),
      cleanDaysInRow: context.cleanDaysInRow,
      suppressions: context.suppressions.map((s) => s.reason),
      firstTouches: context.firstTouches.map((t) => ({ by: t.cardId === card.id ? 'this_card' : 'another_card', channel: t.channel })),
      previousStep: context.previousStep ? { state: context.previousStep.state, channel: context.previousStep.channel } : null,
      cadenceStops: context.cadenceStops.map((s) => s.reason),
    },
    decision: { allowed: decision.allowed, denials: decision.allowed ? [] : decision.denials.map((d) => d.rule), dayKey: decision.dayKey, dailyCap: decision.dailyCap },
  };
};
