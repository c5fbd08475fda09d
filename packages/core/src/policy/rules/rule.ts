import type { Denial, DenialName } from '../denial.js';
import type { PolicyContext } from '../policy-context.js';

/** A send rule: null when it allows, a denial when it does not. @category model */
export type PolicyRule = (context: PolicyContext) => Denial | null;

export const deny = (rule: DenialName, detail: string): Denial => ({ rule, detail });
