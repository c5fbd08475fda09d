import type { SendReceipt } from '../../card/card.js';
import type { ClaimRefusalReason } from '../../ledger/send-ledger.js';
import type { Denial } from '../../policy/denial.js';

/**
 * How one dispatch attempt of one card ended. Only `Sent`, `Failed` and `Unknown`
 * involved a provider call; everything else sent nothing.
 *
 * @category model
 */
export type DispatchOutcome =
  | { readonly _tag: 'Sent'; readonly receipt: SendReceipt; readonly sandbox: boolean }
  | { readonly _tag: 'Failed'; readonly reason: string }
  | { readonly _tag: 'Unknown'; readonly reason: string }
  | { readonly _tag: 'Denied'; readonly denials: readonly Denial[] }
  | { readonly _tag: 'SnapshotDrift'; readonly detail: string }
  | { readonly _tag: 'ClaimRefused'; readonly reason: ClaimRefusalReason; readonly detail: string };

/** Outcomes that may succeed if tried again later (stop released, window opens, cap resets). */
export const isDeferred = (outcome: DispatchOutcome): boolean =>
  (outcome._tag === 'Denied' &&
    outcome.denials.every((d) => ['emergency_stop', 'outside_send_window', 'lead_quiet_hours', 'daily_cap_reached', 'channel_daily_cap_reached'].includes(d.rule))) ||
  (outcome._tag === 'ClaimRefused' && ['emergency_stop', 'channel_paused', 'campaign_paused', 'daily_cap_reached', 'channel_daily_cap_reached'].includes(outcome.reason));
