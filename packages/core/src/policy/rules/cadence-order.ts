import { deny, type PolicyRule } from './rule.js';

/** Step n only after step n-1 was sent, on the same channel. */
export const cadenceOrder: PolicyRule = ({ card, previousStep }) => {
  if (card.step === 0) return null;
  if (!previousStep) return deny('cadence_order', `Step ${card.step - 1} was never sent to this lead.`);
  if (previousStep.state !== 'sent') return deny('cadence_order', `Step ${card.step - 1} is ${previousStep.state}, not sent.`);
  if (previousStep.channel !== card.channel) return deny('cadence_order', `Step ${card.step - 1} went via ${previousStep.channel}, not ${card.channel}.`);
  return null;
};
