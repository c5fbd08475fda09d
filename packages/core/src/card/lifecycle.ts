import { err, ok, type Result } from 'neverthrow';
import type { CardId } from '../ids.js';
import type { Card } from './card.js';
import { CARD_TRANSITIONS, type CardStatus } from './card-status.js';

/** @category errors */
export interface IllegalTransition {
  readonly _tag: 'IllegalTransition';
  readonly cardId: CardId;
  readonly from: CardStatus;
  readonly to: CardStatus;
}

/** Fields a transition may set besides the status (content never changes here). */
export type TransitionPatch = Partial<
  Pick<Card, 'approvedBy' | 'approvedAt' | 'sendAfter' | 'rejection' | 'separatedReason' | 'receipt' | 'outcomeReason' | 'sandbox'>
>;

export const canTransition = (from: CardStatus, to: CardStatus): boolean => CARD_TRANSITIONS[from].includes(to);

/**
 * Moves a card to a new status, bumping its version. The store persists the result
 * with a compare-and-set on the previous version, so two writers cannot both win.
 *
 * @category model
 */
export const transitionCard = (card: Card, to: CardStatus, at: string, patch: TransitionPatch = {}): Result<Card, IllegalTransition> => {
  if (!canTransition(card.status, to)) return err({ _tag: 'IllegalTransition', cardId: card.id, from: card.status, to });
  const next: Card = { ...card, ...patch, status: to, version: card.version + 1, updatedAt: at };
  if (to === 'pending') {
    // A re-mapped card leaves separation with its reason cleared; a withdrawn approval leaves no approver.
    const { separatedReason: _dropped, approvedBy: _by, approvedAt: _at, sendAfter: _after, ...rest } = next;
    return ok(rest);
  }
  return ok(next);
};
