import type { Channel } from '../channel.js';
import type { IdentityKey } from '../lead/identity.js';

/**
 * Follow-up steps of one campaign: step n is due `delayDays` after step n-1 was sent,
 * and only if no reply, bounce or unsubscribe arrived in between.
 *
 * @category model
 */
export interface CadenceStep {
  readonly step: number;
  readonly delayDays: number;
}

export interface Cadence {
  readonly channel: Channel;
  readonly campaignId?: string;
  readonly steps: readonly CadenceStep[];
}

/** A lead whose cadence must not continue (a reply arrived). */
export interface CadenceStop {
  readonly identityKey: IdentityKey;
  readonly reason: 'replied' | 'bounced' | 'unsubscribed' | 'manual';
  readonly at: string;
}
