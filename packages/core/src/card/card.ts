import { err, ok, type Result } from 'neverthrow';
import type { Channel } from '../channel.js';
import { isChannel } from '../channel.js';
import type { CardId, LeadId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { Tier } from '../lead/lead.js';
import type { QualityReport } from '../quality/quality-report.js';
import type { Rejection } from '../rejection/rejection.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';
import type { CardStatus } from './card-status.js';
import { contentDigest } from './content-digest.js';

/** What the provider received for a sent card (ids differ per provider). @category model */
export type SendReceipt = Readonly<Record<string, string | number | boolean | null>>;

/**
 * One proposed message to one lead on one channel. `version` increases with every
 * change; `contentDigest` covers everything that would be sent, so a batch item whose
 * card changed after the snapshot is detected as drift.
 *
 * @category model
 */
export interface Card {
  readonly id: CardId;
  readonly leadId: LeadId;
  /** The lead's identity keys when the card was made: the ledger claims over these. */
  readonly leadKeys: readonly IdentityKey[];
  readonly tier: Tier;
  readonly channel: Channel;
  readonly campaignId?: string;
  /** The lead's source label when the card was made (the review queue filters on it). */
  readonly sourceLabel?: string;
  readonly subject?: string;
  readonly body: string;
  readonly opener: string;
  /** Flat values sent as provider custom variables. */
  readonly personalization: Readonly<Record<string, string>>;
  /** 0 = first touch; n = the n-th follow-up of the campaign's cadence. */
  readonly step: number;
  readonly status: CardStatus;
  readonly version: number;
  readonly contentDigest: string;
  readonly quality: QualityReport;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  readonly rejection?: Rejection;
  /** Why the card is separated (campaign missing or unknown to the provider). */
  readonly separatedReason?: string;
  readonly receipt?: SendReceipt;
  /** Why the outcome is `failed` or `unknown`. */
  readonly outcomeReason?: string;
  readonly sandbox?: boolean;
  /**
   * Approved with an undo window (APPROVAL_UNDO_SECONDS): the send on approval waits until
   * then, and the approval can be withdrawn meanwhile. Dispatch refuses the card before it.
   */
  readonly sendAfter?: string;
  /** Reviewer edits of the content before approval: how many, and the last one (a learning signal). */
  readonly edits?: CardEdits;
}

/** @category model */
export interface CardEdits {
  readonly count: number;
  readonly lastAt: string;
  readonly lastBy: string;
}

export interface CardDraft {
  readonly leadId: LeadId;
  readonly leadKeys: readonly IdentityKey[];
  readonly tier: Tier;
  readonly channel: Channel;
  readonly campaignId?: string;
  /** The lead's source label (copied onto the card, outside the content digest). */
  readonly sourceLabel?: string;
  readonly subject?: string;
  readonly body: string;
  readonly opener: string;
  readonly personalization?: Readonly<Record<string, string>>;
  readonly step?: number;
}

/** Smart constructor: a pending card at version 1 with its content digest. */
export const createCard = (id: CardId, draft: CardDraft, quality: QualityReport, at: string): Result<Card, ValidationError> => {
  if (!isChannel(draft.channel)) return err(validationError('channel', 'is not a known channel'));
  if (draft.leadKeys.length === 0) return err(validationError('leadKeys', 'a card needs at least one lead identity key'));
  const step = draft.step ?? 0;
  if (!Number.isInteger(step) || step < 0) return err(validationError('step', 'must be a non-negative integer'));
  const base = {
    id,
    leadId: draft.leadId,
    leadKeys: [...draft.leadKeys],
    tier: draft.tier,
    channel: draft.channel,
    ...(draft.campaignId ? { campaignId: draft.campaignId } : {}),
    ...(draft.subject !== undefined ? { subject: draft.subject } : {}),
    body: draft.body,
    opener: draft.opener,
    personalization: { ...(draft.personalization ?? {}) },
    step,
  };
  return ok({
    ...base,
    ...(draft.sourceLabel ? { sourceLabel: draft.sourceLabel } : {}),
    status: 'pending',
    version: 1,
    contentDigest: contentDigest(base),
    quality,
    createdAt: at,
    updatedAt: at,
  });
};
