import { deny, type PolicyRule } from './rule.js';

/** Only approved cards are sent, and in supervised mode a human must have approved it. */
export const approval: PolicyRule = ({ card, controls }) => {
  if (card.status !== 'approved' && card.status !== 'queued') return deny('not_approved', `The card is ${card.status}, not approved.`);
  if (controls.mode === 'supervised' && !card.approvedBy) return deny('not_approved', 'Supervised mode sends only cards a human approved.');
  return null;
};
