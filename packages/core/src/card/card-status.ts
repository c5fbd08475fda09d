/**
 * Card lifecycle:
 *
 * ```text
 * pending ──► approved ──► queued ──► sending ──► sent
 *   │  │  │      │            │               ├──► failed   (provider definitively refused)
 *   │  │  │      └────────────┴──► pending    └──► unknown  (maybe delivered; never retried)
 *   │  │  │        (approval withdrawn before any send claim took the card)
 *   │  │  └──► expired
 *   │  └─────► separated ──► pending (after re-mapping)
 *   └────────► rejected
 * unknown ──► sent | failed   (operator or provider webhook resolves it)
 * held                        (a Tier 1 card the quality gate held back: kept with its
 *                              findings for the quality report, never reviewed or sent)
 * ```
 *
 * @category model
 */
export const CARD_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'separated',
  'expired',
  'queued',
  'sending',
  'sent',
  'failed',
  'unknown',
  'held',
] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** Allowed transitions; anything else is an `IllegalTransition`. */
export const CARD_TRANSITIONS: Readonly<Record<CardStatus, readonly CardStatus[]>> = {
  pending: ['approved', 'rejected', 'separated', 'expired'],
  separated: ['pending', 'rejected', 'expired'],
  // Back to pending: an approval withdrawn before the send claim took the card (the
  // claim requires `queued` and the version it read, so the withdrawal or the claim wins, never both).
  approved: ['queued', 'separated', 'pending'],
  queued: ['sending', 'separated', 'pending'],
  sending: ['sent', 'failed', 'unknown'],
  unknown: ['sent', 'failed'],
  rejected: [],
  expired: [],
  sent: [],
  failed: [],
  held: [],
};

/** Statuses a reviewer still acts on. */
export const isReviewable = (status: CardStatus): boolean => status === 'pending';
/** Statuses that may enter a batch snapshot. */
export const isBatchable = (status: CardStatus): boolean => status === 'approved';
/** Terminal statuses: nothing happens to the card any more. */
export const isTerminal = (status: CardStatus): boolean => CARD_TRANSITIONS[status].length === 0;
