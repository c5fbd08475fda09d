import { isHumanApproval } from '../../card/human-approval.js';
import { deny, type PolicyRule } from './rule.js';

/**
 * Only approved cards are sent, and in supervised mode a human must have approved it: a
 * card `system:autonomy` approved waits for a person once autonomy has fallen back.
 */
export const approval: PolicyRule = ({ card, controls }) => {
  if (card.status !== 'approved' && card.status !== 'queued') return deny('not_approved', `The card is ${card.status}, not approved.`);
  if (controls.mode === 'supervised' && !isHumanApproval(card)) {
    return deny('not_approved', card.approvedBy ? `Supervised mode sends only cards a human approved; ${card.approvedBy} approved this one.` : 'Supervised mode sends only cards a human approved.');
  }
  return null;
};
