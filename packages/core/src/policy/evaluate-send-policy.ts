import { dayKey, isValidTimeZone } from '../time/zoned-time.js';
import { channelCapOf, effectiveDailyCap } from './daily-cap.js';
import type { Denial, SendDecision } from './denial.js';
import type { PolicyContext } from './policy-context.js';
import { approval } from './rules/approval.js';
import { cadenceNotStopped } from './rules/cadence-not-stopped.js';
import { cadenceOrder } from './rules/cadence-order.js';
import { campaignMapped } from './rules/campaign-mapped.js';
import { channelExclusivity } from './rules/channel-exclusivity.js';
import { channelRegistered } from './rules/channel-registered.js';
import { firstTouchChannel } from './rules/first-touch-channel.js';
import { channelDailyCap } from './rules/channel-daily-cap.js';
import { dailyCap } from './rules/daily-cap.js';
import { emergencyStop } from './rules/emergency-stop.js';
import { firstTouchOnce } from './rules/first-touch-once.js';
import { leadQuietHours } from './rules/lead-quiet-hours.js';
import { notSuppressed } from './rules/not-suppressed.js';
import { qualityGatePassed } from './rules/quality-gate-passed.js';
import { providerCredentialsValid } from './rules/provider-credentials-valid.js';
import type { PolicyRule } from './rules/rule.js';
import { sendWindow } from './rules/send-window.js';
import { supervisedTierOnly } from './rules/supervised-tier-only.js';
import { validTimezones } from './rules/valid-timezones.js';

/** The rules in the order their denials are listed. @category model */
export const SEND_RULES: readonly PolicyRule[] = [
  emergencyStop,
  approval,
  supervisedTierOnly,
  validTimezones,
  sendWindow,
  leadQuietHours,
  dailyCap,
  channelDailyCap,
  campaignMapped,
  providerCredentialsValid,
  notSuppressed,
  firstTouchOnce,
  channelRegistered,
  firstTouchChannel,
  channelExclusivity,
  cadenceOrder,
  cadenceNotStopped,
  qualityGatePassed,
];

/**
 * Runs every send rule and lists every failing one (not only the first), so a reviewer
 * sees all that stands between a card and a send. Pure: the caller reads the context
 * fresh from the store right before deciding.
 *
 * @category model
 */
export const evaluateSendPolicy = (context: PolicyContext): SendDecision => {
  const denials = SEND_RULES.map((rule) => rule(context)).filter((d): d is Denial => d !== null);
  const day = isValidTimeZone(context.config.timeZone) ? dayKey(context.now, context.config.timeZone) : context.now.toISOString().slice(0, 10);
  const cap = effectiveDailyCap(context.config, context.cleanDaysInRow);
  const channelCap = channelCapOf(context.config, context.card.channel);
  const caps = { dayKey: day, dailyCap: cap, ...(channelCap !== undefined ? { channelDailyCap: channelCap } : {}) };
  return denials.length === 0 ? { allowed: true, ...caps } : { allowed: false, ...caps, denials };
};
