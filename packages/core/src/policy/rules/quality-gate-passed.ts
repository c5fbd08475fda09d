import { deny, type PolicyRule } from './rule.js';

/** Only cards that passed the quality gate are sent. */
export const qualityGatePassed: PolicyRule = ({ card }) =>
  card.quality.passed ? null : deny('quality_gate_failed', `The card failed the quality gate: ${card.quality.hits.map((h) => h.check).join(', ')}.`);
