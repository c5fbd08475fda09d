import { deny, type PolicyRule } from './rule.js';

/** No follow-up after a reply, bounce or unsubscribe. */
export const cadenceNotStopped: PolicyRule = ({ card, cadenceStops }) => {
  const stop = cadenceStops[0];
  return card.step > 0 && stop ? deny('cadence_stopped', `The cadence stopped: the lead ${stop.reason}.`) : null;
};
