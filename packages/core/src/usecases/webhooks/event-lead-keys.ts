import { okAsync, type ResultAsync } from 'neverthrow';
import type { EventLeadRef } from '../../events/domain-events.js';
import { parseEmail } from '../../lead/email.js';
import { emailKey, linkedInKey, type IdentityKey } from '../../lead/identity.js';
import { leadKeys } from '../../lead/lead.js';
import { parseLinkedInProfile } from '../../lead/linkedin.js';
import type { Leads } from '../../ports/leads.js';
import type { StoreError } from '../../ports/store-error.js';

/** The identity keys an event names directly (unparseable values are ignored). */
export const keysOfRef = (ref: EventLeadRef): IdentityKey[] => [
  ...(ref.email ? parseEmail(ref.email).map((e) => [emailKey(e)]).unwrapOr([]) : []),
  ...(ref.linkedinUrl ? parseLinkedInProfile(ref.linkedinUrl).map((p) => [linkedInKey(p)]).unwrapOr([]) : []),
];

/**
 * Every identity key of the person an event is about: the keys it names plus the other
 * keys of stored leads sharing any of them (an e-mail bounce also suppresses the
 * LinkedIn profile of the same person).
 *
 * @category model
 */
export const resolveEventKeys = (store: Leads, ref: EventLeadRef): ResultAsync<readonly IdentityKey[], StoreError> => {
  const direct = keysOfRef(ref);
  if (direct.length === 0) return okAsync([]);
  return store.findLeadsByKeys(direct).map((leads) => [...new Set([...direct, ...leads.flatMap((l) => leadKeys(l))])]);
};
