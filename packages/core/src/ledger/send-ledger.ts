import type { SendReceipt } from '../card/card.js';
import type { Channel } from '../channel.js';
import type { AttemptId, CardId, LeadId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { TraceEnvelope } from '../trace.js';

/**
 * A fencing token from the `LockManager`. Stores remember the highest token seen per
 * resource and refuse a write carrying an older one, so a paused holder whose lease
 * expired cannot commit late.
 *
 * @category model
 */
export interface Fence {
  readonly resource: string;
  readonly token: number;
}

/** @category model */
export const LEDGER_STATES = ['sending', 'sent', 'failed', 'unknown'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

/**
 * The send ledger's record of one `(card, step)`: it exists from the atomic claim on,
 * and never disappears by itself. `sending` is written before the provider call, so
 * a crash leaves evidence that recovery turns into `unknown`, never into a retry.
 *
 * @category model
 */
export interface LedgerEntry {
  readonly cardId: CardId;
  readonly step: number;
  readonly attemptId: AttemptId;
  readonly channel: Channel;
  readonly campaignId?: string;
  readonly leadKeys: readonly IdentityKey[];
  readonly contentDigest: string;
  readonly state: LedgerState;
  /** The send day (in the send timezone) whose cap this claim counted against. */
  readonly dayKey: string;
  readonly claimedAt: string;
  readonly finalisedAt?: string;
  readonly receipt?: SendReceipt;
  readonly reason?: string;
  readonly sandbox?: boolean;
}

/** Which card first touched a lead, per identity key; it also binds the lead's channel. */
export interface FirstTouch {
  readonly identityKey: IdentityKey;
  readonly cardId: CardId;
  readonly channel: Channel;
  readonly at: string;
}

/**
 * Everything the atomic claim checks and writes in one step: the card must still be
 * `queued` at `expectedVersion`; the `(card, step)` must be unclaimed. The person is
 * the card's lead as it is now (its survivor, if it was merged): over `leadKeys` (the
 * card's snapshot) and every current key of the person, for a first touch no key may be
 * touched yet; no key may be bound to another channel; no key or e-mail domain may be
 * suppressed; a follow-up's cadence must not be stopped;
 * the day's count must be under `dailyCap` and, when `channelDailyCap` is given, the
 * channel's count that day under it; the emergency stop must be released;
 * the fence (if any) must not be stale. On success the ledger entry is `sending`,
 * first-touch keys are bound, the day counter and the channel's day counter are incremented and the card is
 * `sending` at `expectedVersion + 1`.
 *
 * @category model
 */
/** A person as a claim's caller read it: its root lead, every key, and its company domain. */
export interface ClaimedPerson {
  /** The lead every other lead of the person is merged into (the card's lead when never merged). */
  readonly root: LeadId;
  /** The person's keys: the root lead's keys and the card's. */
  readonly keys: readonly IdentityKey[];
  /** The root lead's company domain (its do-not-contact entry is checked in the claim); null: none. */
  readonly companyDomain: string | null;
}

export interface SendClaimRequest {
  readonly cardId: CardId;
  readonly step: number;
  readonly attemptId: AttemptId;
  readonly channel: Channel;
  readonly campaignId?: string;
  /** The card's keys when crafted; the store adds the person's current keys. */
  readonly leadKeys: readonly IdentityKey[];
  /**
   * The card's lead as the caller read it. Optional: a store that must otherwise read the
   * card before its atomic step (Redis) may take it instead, and checks inside that step
   * that it is the card's lead (reading the card again when it is not).
   */
  readonly leadId?: LeadId;
  /**
   * The card's person as the caller read it (dispatch: the card's lead as it is now).
   * Optional: a store whose atomic step cannot read the lead record (Redis keeps it in
   * another hash slot) takes it as an assumption, checks inside its step that the person
   * is still exactly this one (root and key set; no merge announced on it) and, when it
   * is not, reads the person itself and claims again. Stores that read the person inside
   * their step ignore it.
   */
  readonly person?: ClaimedPerson;
  readonly contentDigest: string;
  readonly expectedVersion: number;
  readonly dayKey: string;
  readonly dailyCap: number;
  /** The channel's own cap that day (SEND_CHANNEL_CAPS); absent: only `dailyCap` applies. */
  readonly channelDailyCap?: number;
  readonly sandbox?: boolean;
  readonly fence?: Fence;
  readonly trace: TraceEnvelope;
}

export const CLAIM_REFUSALS = [
  'card_not_found',
  'card_not_queued',
  'version_mismatch',
  'digest_mismatch',
  'card_step_claimed',
  'lead_already_touched',
  'channel_locked',
  'suppressed',
  'cadence_stopped',
  'daily_cap_reached',
  'channel_daily_cap_reached',
  'emergency_stop',
  'channel_paused',
  'campaign_paused',
  'stale_fence',
] as const;
export type ClaimRefusalReason = (typeof CLAIM_REFUSALS)[number];

/** @category errors */
export interface ClaimRefused {
  readonly _tag: 'ClaimRefused';
  readonly reason: ClaimRefusalReason;
  readonly detail: string;
}

/** The three ways a send ends. @category model */
export type SendOutcome =
  | { readonly state: 'sent'; readonly receipt: SendReceipt }
  | { readonly state: 'failed'; readonly reason: string }
  | { readonly state: 'unknown'; readonly reason: string };

/**
 * Finalises a claim. Legal: `sending -> sent | failed | unknown` and, to reconcile,
 * `unknown -> sent | failed`. Repeating the state already recorded is a no-op that
 * returns the entry. A `failed` first touch releases the lead's first-touch keys
 * (nothing was delivered), but the `(card, step)` record stays.
 *
 * @category model
 */
export interface OutcomeRequest {
  readonly cardId: CardId;
  readonly step: number;
  readonly attemptId: AttemptId;
  readonly outcome: SendOutcome;
  readonly fence?: Fence;
  readonly trace: TraceEnvelope;
}

/** @category errors */
export interface OutcomeRefused {
  readonly _tag: 'OutcomeRefused';
  readonly reason: 'no_claim' | 'attempt_mismatch' | 'illegal_outcome' | 'stale_fence';
  readonly detail: string;
}

/** The entry a successful claim writes: `sending`, claimed at the command's time, over the keys the claim decided on. @category model */
export const claimedEntry = (request: SendClaimRequest, keys: readonly IdentityKey[] = request.leadKeys): LedgerEntry => ({
  cardId: request.cardId,
  step: request.step,
  attemptId: request.attemptId,
  channel: request.channel,
  ...(request.campaignId !== undefined ? { campaignId: request.campaignId } : {}),
  leadKeys: [...keys],
  contentDigest: request.contentDigest,
  state: 'sending',
  dayKey: request.dayKey,
  claimedAt: request.trace.at,
  ...(request.sandbox ? { sandbox: true } : {}),
});
