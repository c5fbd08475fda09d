import type { DomainEvent } from '../../events/domain-events.js';
import { keysOfRef, providerKeyOfRef } from './event-lead-keys.js';

/** What an event names of its person: identity keys, the provider's id for them among them. */
export const personKeys = (event: DomainEvent): readonly string[] => {
  if (event.type === 'LeadEnriched' || event.type === 'VisitorIdentified') {
    const { email, linkedinUrl } = event.lead;
    return keysOfRef({ ...(email ? { email } : {}), ...(linkedinUrl ? { linkedinUrl } : {}) });
  }
  const ref = event.lead;
  if (!ref) return [];
  return [...keysOfRef(ref), ...providerKeyOfRef(ref, event.provider)];
};

/**
 * Splits events (in acceptance order) into lanes: events naming a common key (the same
 * e-mail, LinkedIn profile or provider contact, transitively) share a lane and keep their
 * order in it, so a person's reply is applied before that person's later bounce. Lanes are
 * independent and may be applied concurrently.
 *
 * @category model
 */
export const webhookLanes = <T extends { readonly event: DomainEvent }>(items: readonly T[]): T[][] => {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let at = i;
    while (parent[at] !== at) at = parent[at] = parent[parent[at]!]!;
    return at;
  };
  const owner = new Map<string, number>();
  items.forEach((item, i) => {
    for (const key of personKeys(item.event)) {
      const first = owner.get(key);
      if (first === undefined) owner.set(key, i);
      else parent[find(i)] = find(first);
    }
  });
  const lanes = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const lane = lanes.get(root);
    if (lane) lane.push(item);
    else lanes.set(root, [item]);
  });
  return [...lanes.values()];
};
