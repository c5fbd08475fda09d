import { deny, type PolicyRule } from './rule.js';

/** One first touch per person, across channels and identity-key variants. */
export const firstTouchOnce: PolicyRule = ({ card, firstTouches }) => {
  if (card.step !== 0) return null;
  const other = firstTouches.find((t) => t.cardId !== card.id);
  return other ? deny('already_first_touched', `This person was already first touched by card ${other.cardId} via ${other.channel}.`) : null;
};
