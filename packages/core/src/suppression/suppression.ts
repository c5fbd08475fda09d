import { err, ok, type Result } from 'neverthrow';
import type { Email } from '../lead/email.js';
import { emailDomain } from '../lead/email.js';
import type { IdentityKey } from '../lead/identity.js';
import { emailKey, linkedInKey, parseIdentityKey } from '../lead/identity.js';
import type { LeadIdentity } from '../lead/identity.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';

/** Why a lead must never be messaged again. @category model */
export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complaint', 'not_interested', 'manual', 'erased'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * A suppression targets an identity key (`email:…`, `linkedin:…`), a whole e-mail
 * domain (`domain:acme.com`, manual blocklist), or the keyed hash of an erased person's
 * key (`erased:<hash>`, a tombstone: see `erasePerson`).
 *
 * @category model
 */
export type SuppressionTarget = IdentityKey | `domain:${string}` | `erased:${string}`;

/**
 * One entry of the do-not-contact list. `source` says where it came from: an operator
 * (`operator`, `import`) or a webhook (`instantly:<event id>`...); `actor` and `note` are
 * who added it and why, in their words (operators must give a reason).
 */
export interface Suppression {
  readonly target: SuppressionTarget;
  readonly reason: SuppressionReason;
  readonly source: string;
  readonly at: string;
  readonly actor?: string;
  readonly note?: string;
}

// A host name: labels of letters, digits and hyphens, at least one dot, a letter TLD.
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `Acme.com`, `domain:acme.com`, `@acme.com` -> `domain:acme.com`. */
export const parseSuppressionDomain = (raw: string): Result<SuppressionTarget, ValidationError> => {
  const domain = raw.trim().toLowerCase().replace(/^domain:/, '').replace(/^@/, '').replace(/\.$/, '');
  return DOMAIN.test(domain) ? ok(`domain:${domain}` as SuppressionTarget) : err(validationError('domain', `is not a domain name: ${JSON.stringify(raw.slice(0, 80))}`));
};

/**
 * Parses a do-not-contact entry as an operator writes it: an e-mail address, a LinkedIn
 * profile URL, a whole domain (`domain:acme.com`, `@acme.com` or `acme.com`), or any
 * identity key (`ghl:…`). An entry of no known form is refused, naming it.
 */
export const parseSuppressionTarget = (raw: string): Result<SuppressionTarget, ValidationError> => {
  const trimmed = raw.trim();
  if (/^domain:/i.test(trimmed) || trimmed.startsWith('@')) return parseSuppressionDomain(trimmed);
  if (!trimmed.includes('@') && !trimmed.includes('/') && !trimmed.includes(':') && trimmed.includes('.')) return parseSuppressionDomain(trimmed);
  return parseIdentityKey(trimmed).mapErr((e) => validationError('entry', `${JSON.stringify(trimmed.slice(0, 80))}: ${e.message}`));
};

/** Every target that would suppress this identity: its keys and its e-mail domain. */
export const suppressionTargetsFor = (identity: LeadIdentity): readonly SuppressionTarget[] => [
  ...(identity.email ? [emailKey(identity.email), `domain:${emailDomain(identity.email as Email)}` as const] : []),
  ...(identity.linkedin ? [linkedInKey(identity.linkedin)] : []),
];

/** Targets for a lead: its keys, its e-mail domains and its company's domain. */
export const suppressionTargetsForLead = (keys: readonly IdentityKey[], companyDomain: string | undefined): readonly SuppressionTarget[] => [
  ...suppressionTargetsForKeys(keys),
  ...(companyDomain ? [`domain:${companyDomain.toLowerCase()}` as const] : []),
];

/** Targets for a card, which carries keys rather than an identity. */
export const suppressionTargetsForKeys = (keys: readonly IdentityKey[]): readonly SuppressionTarget[] =>
  keys.flatMap((k): SuppressionTarget[] =>
    k.startsWith('email:') ? [k, `domain:${k.slice(k.lastIndexOf('@') + 1)}`] : [k],
  );
