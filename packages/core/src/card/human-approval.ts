import type { Card } from './card.js';

/** Actors that are not people: `system:autonomy`, `system:dispatcher`, schedulers... */
export const isSystemActor = (actor: string): boolean => actor.startsWith('system:');

/** Approved by a person (any approver but a system actor). @category model */
export const isHumanApproval = (card: Pick<Card, 'approvedBy'>): boolean => card.approvedBy !== undefined && card.approvedBy !== '' && !isSystemActor(card.approvedBy);
