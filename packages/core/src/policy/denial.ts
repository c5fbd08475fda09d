/** Every send-policy rule's denial name, in evaluation order. @category model */
export const DENIALS = [
  'emergency_stop',
  'not_approved',
  'supervised_tier_only',
  'invalid_timezone',
  'outside_send_window',
  'lead_quiet_hours',
  'daily_cap_reached',
  'channel_daily_cap_reached',
  'campaign_unmapped',
  'provider_credentials_failed',
  'suppressed',
  'already_first_touched',
  'channel_unregistered',
  'not_first_touch_channel',
  'channel_exclusivity',
  'cadence_order',
  'cadence_stopped',
  'quality_gate_failed',
] as const;
export type DenialName = (typeof DENIALS)[number];

/** One failing rule, with a sentence for the reviewer. @category model */
export interface Denial {
  readonly rule: DenialName;
  readonly detail: string;
}

/** @category model */
export type SendDecision =
  | { readonly allowed: true; readonly dayKey: string; readonly dailyCap: number; readonly channelDailyCap?: number }
  | { readonly allowed: false; readonly dayKey: string; readonly dailyCap: number; readonly channelDailyCap?: number; readonly denials: readonly Denial[] };
