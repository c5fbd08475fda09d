import { err, ok, type Result } from 'neverthrow';
import type { Brand } from '../shared/brand.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';
import { parseEmail, type Email } from './email.js';
import { parseLinkedInProfile, type LinkedInProfile } from './linkedin.js';

/**
 * One identity key of a person: `email:<normalised address>`, `linkedin:<canonical
 * profile>`, or a provider's id for the person once we learn it (`ghl:<contact id>`,
 * `instantly:<lead id>`, `heyreach:<lead id>`). Records that share any key are the same
 * person: keys connect, and a person is the connected set of all its keys.
 *
 * @category model
 */
export type IdentityKey = Brand<string, 'IdentityKey'>;

/** Every kind of identity key, in display order. @category model */
export const IDENTITY_KEY_KINDS = ['email', 'linkedin', 'ghl', 'instantly', 'heyreach'] as const;
export type IdentityKeyKind = (typeof IDENTITY_KEY_KINDS)[number];

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

export const keyKind = (key: IdentityKey): IdentityKeyKind => key.slice(0, key.indexOf(':')) as IdentityKeyKind;

// Provider ids are opaque tokens: letters, digits and - _ . only, so they cannot smuggle
// a separator into a store key. GHL ids are case-sensitive; Instantly's are UUIDs
// (compared lower-cased); HeyReach's are numbers.
const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const providerKey = (kind: 'ghl' | 'instantly' | 'heyreach', raw: string): Result<IdentityKey, ValidationError> => {
  const value = kind === 'instantly' ? raw.trim().toLowerCase() : raw.trim();
  if (!PROVIDER_ID.test(value)) return err(validationError(kind, `is not a ${kind} id: ${JSON.stringify(raw.slice(0, 60))}`));
  if (kind === 'instantly' && !UUID.test(value)) return err(validationError(kind, `is not an Instantly lead id (a UUID): ${JSON.stringify(raw.slice(0, 60))}`));
  if (kind === 'heyreach' && !/^\d+$/.test(value)) return err(validationError(kind, `is not a HeyReach lead id (digits): ${JSON.stringify(raw.slice(0, 60))}`));
  return ok(`${kind}:${value}` as IdentityKey);
};

/**
 * Parses an identity key as an operator or a file writes it, `kind:value`, into its
 * normalised form (`email:Ada@X.com ` -> `email:ada@x.com`; `linkedin:` takes any
 * profile URL variant; `heyreach:` takes a lead id, or a profile URL, which is the
 * person's LinkedIn key). A bare e-mail address or LinkedIn URL is accepted too.
 */
export const parseIdentityKey = (raw: string): Result<IdentityKey, ValidationError> => {
  const trimmed = raw.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon > 0 ? trimmed.slice(0, colon).toLowerCase() : '';
  const value = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
  switch (kind) {
    case 'email':
      return parseEmail(value).map(emailKey);
    case 'linkedin':
      return parseLinkedInProfile(value).map(linkedInKey);
    case 'heyreach':
      return /linkedin\.com/i.test(value) ? parseLinkedInProfile(value).map(linkedInKey) : providerKey('heyreach', value);
    case 'ghl':
    case 'instantly':
      return providerKey(kind, value);
    default:
      if (/linkedin\.com\/in\//i.test(trimmed)) return parseLinkedInProfile(trimmed).map(linkedInKey);
      if (!trimmed.includes('://') && trimmed.includes('@')) return parseEmail(trimmed).map(emailKey);
      return err(validationError('identityKey', `unknown key format ${JSON.stringify(trimmed.slice(0, 80))}: use ${IDENTITY_KEY_KINDS.map((k) => `${k}:…`).join(', ')}, an e-mail address or a LinkedIn profile URL`));
  }
};

/** Orders keys by kind (e-mail first), then by value: the stable order of a key set. */
export const sortKeys = (keys: Iterable<IdentityKey>): IdentityKey[] =>
  [...new Set(keys)].sort((a, b) => IDENTITY_KEY_KINDS.indexOf(keyKind(a)) - IDENTITY_KEY_KINDS.indexOf(keyKind(b)) || (a < b ? -1 : a > b ? 1 : 0));
