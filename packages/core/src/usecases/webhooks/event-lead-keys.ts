import { okAsync, type ResultAsync } from 'neverthrow';
import type { EventLeadRef } from '../../events/domain-events.js';
import { parseEmail } from '../../lead/email.js';
import { emailKey, linkedInKey, type IdentityKey } from '../../lead/identity.js';
import { leadKeys } from '../../lead/lead.js';
import { parseLinkedInProfile } from '../../lead/linkedin.js';
import type { Leads } from '../../ports/leads.js';
import type { ProviderContactDirectory } from '../../ports/provider-contact-directory.js';
import type { StoreError } from '../../ports/store-error.js';
import type { WebhookProvider } from '../../events/domain-events.js';

/** The identity keys an event names directly (unparseable values are ignored). */
export const keysOfRef = (ref: EventLeadRef): IdentityKey[] => [
  ...(ref.email ? parseEmail(ref.email).map((e) => [emailKey(e)]).unwrapOr([]) : []),
  ...(ref.linkedinUrl ? parseLinkedInProfile(ref.linkedinUrl).map((p) => [linkedInKey(p)]).unwrapOr([]) : []),
];

/**
 * The keys recorded for the provider contact the event names (GHL's `contactId`, always
 * sent and kept from our own sends), first; then the keys the event names by address.
 */
const namedKeys = (contacts: ProviderContactDirectory | undefined, provider: WebhookProvider, ref: EventLeadRef): ResultAsync<readonly IdentityKey[], StoreError> => {
  const direct = keysOfRef(ref);
  if (!ref.contactId || !contacts || provider !== 'ghl') return okAsync(direct);
  return contacts.lookup(provider, ref.contactId).map((known) => [...new Set([...known, ...direct])]);
};

/**
 * Every identity key of the person an event is about: the keys of the provider contact
 * it names (when known), the keys it names by address, plus the other keys of stored
 * leads sharing any of them (an e-mail bounce also suppresses the LinkedIn profile of
 * the same person).
 *
 * @category model
 */
export const resolveEventKeys = (store: Leads, ref: EventLeadRef, provider: WebhookProvider, contacts?: ProviderContactDirectory): ResultAsync<readonly IdentityKey[], StoreError> =>
  namedKeys(contacts, provider, ref).andThen((direct) => {
    if (direct.length === 0) return okAsync<readonly IdentityKey[], StoreError>([]);
    return store.findLeadsByKeys(direct).map((leads) => [...new Set([...direct, ...leads.flatMap((l) => leadKeys(l))])]);
  });
