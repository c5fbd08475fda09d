import { deny, type PolicyRule } from './rule.js';

/** Supervised mode sends Tier 1 only. */
export const supervisedTierOnly: PolicyRule = ({ card, controls }) =>
  controls.mode === 'supervised' && card.tier !== 'tier_1' ? deny('supervised_tier_only', `Supervised mode sends Tier 1 only; this lead is ${card.tier.replace('_', ' ')}.`) : null;
