import { deny, type PolicyRule } from './rule.js';

/** A suppressed lead (unsubscribe, bounce, complaint, not interested, blocklist) is never sent to. */
export const notSuppressed: PolicyRule = ({ suppressions }) => {
  const first = suppressions[0];
  return first ? deny('suppressed', `The lead is suppressed (${first.reason}, ${first.target}).`) : null;
};
