import { effectiveDailyCap } from '../daily-cap.js';
import { deny, type PolicyRule } from './rule.js';

/** No more sends today (in the send timezone's day) than the cap, ramped after clean days. */
export const dailyCap: PolicyRule = ({ config, sentToday, cleanDaysInRow }) => {
  const cap = effectiveDailyCap(config, cleanDaysInRow);
  return sentToday >= cap ? deny('daily_cap_reached', `${sentToday} of ${cap} sends are used today.`) : null;
};
