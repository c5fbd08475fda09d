import type { Brand } from '../shared/brand.js';
import type { Email } from './email.js';
import type { LinkedInProfile } from './linkedin.js';

/**
 * One identity key of a lead: `email:<normalised address>` or `linkedin:<canonical
 * profile>`. Two records that share any identity key are the same person for every
 * dedup rule; the send ledger claims first touches over all of them at once.
 *
 * @category model
 */
export type IdentityKey = Brand<string, 'IdentityKey'>;

export interface LeadIdentity {
  readonly email?: Email;
  readonly linkedin?: LinkedInProfile;
}

export const emailKey = (email: Email): IdentityKey => `email:${email}` as IdentityKey;
export const linkedInKey = (profile: LinkedInProfile): IdentityKey => `linkedin:${profile}` as IdentityKey;

/** All identity keys of an identity, in a stable order (email first). */
export const identityKeys = (identity: LeadIdentity): readonly IdentityKey[] => [
  ...(identity.email ? [emailKey(identity.email)] : []),
  ...(identity.linkedin ? [linkedInKey(identity.linkedin)] : []),
];

export const sharesIdentity = (a: LeadIdentity, b: LeadIdentity): boolean => {
  const keys = new Set(identityKeys(a));
  return identityKeys(b).some((k) => keys.has(k));
};
