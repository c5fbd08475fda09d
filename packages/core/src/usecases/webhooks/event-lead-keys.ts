import { okAsync, type ResultAsync } from 'neverthrow';
import type { EventLeadRef, WebhookProvider } from '../../events/domain-events.js';
import { parseEmail } from '../../lead/email.js';
import { emailKey, linkedInKey, parseIdentityKey, type IdentityKey } from '../../lead/identity.js';
import { leadKeys } from '../../lead/lead.js';
import { parseLinkedInProfile } from '../../lead/linkedin.js';
import type { Leads } from '../../ports/leads.js';
import type { StoreError } from '../../ports/store-error.js';

/** The identity keys an event names by address (unparseable values are ignored). */
export const keysOfRef = (ref: EventLeadRef): IdentityKey[] => [
  ...(ref.email ? parseEmail(ref.email).map((e) => [emailKey(e)]).unwrapOr([]) : []),
  ...(ref.linkedinUrl ? parseLinkedInProfile(ref.linkedinUrl).map((p) => [linkedInKey(p)]).unwrapOr([]) : []),
];

/** The providers whose webhooks name the person by an id of their own, and the key kind it is. */
const PROVIDER_KEY_KIND: Partial<Record<WebhookProvider, 'ghl' | 'instantly' | 'heyreach'>> = { ghl: 'ghl', instantly: 'instantly', heyreach: 'heyreach' };

/** The identity key of the provider's id the event names (`ghl:<contactId>`, …), if any and well-formed. */
export const providerKeyOfRef = (ref: EventLeadRef, provider: WebhookProvider): IdentityKey[] => {
  const kind = PROVIDER_KEY_KIND[provider];
  if (!kind || !ref.providerId) return [];
  return parseIdentityKey(`${kind}:${ref.providerId}`).map((k) => [k]).unwrapOr([]);
};

/**
 * Every identity key of the person an event is about: the keys it names by address,
 * plus every key of the stored leads holding any of them or the provider's id it names
 * (an e-mail bounce also suppresses the LinkedIn profile of the same person; a GHL
 * event naming only its contact id finds the person our send reached). A provider id no
 * stored lead holds names nobody: it adds nothing (an event naming only that is
 * unmatched).
 *
 * @category model
 */
export const resolveEventKeys = (store: Leads, ref: EventLeadRef, provider: WebhookProvider): ResultAsync<readonly IdentityKey[], StoreError> => {
  const direct = keysOfRef(ref);
  const lookup = [...direct, ...providerKeyOfRef(ref, provider)];
  if (lookup.length === 0) return okAsync<readonly IdentityKey[], StoreError>([]);
  return store.findLeadsByKeys(lookup).map((leads) => [...new Set([...direct, ...leads.flatMap((l) => leadKeys(l))])]);
};
