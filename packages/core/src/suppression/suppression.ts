import type { Email } from '../lead/email.js';
import { emailDomain } from '../lead/email.js';
import type { IdentityKey } from '../lead/identity.js';
import { emailKey, linkedInKey } from '../lead/identity.js';
import type { LeadIdentity } from '../lead/identity.js';

/** Why a lead must never be messaged again. @category model */
export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complaint', 'not_interested', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * A suppression targets an identity key (`email:…`, `linkedin:…`) or a whole e-mail
 * domain (`domain:acme.com`, manual blocklist).
 *
 * @category model
 */
export type SuppressionTarget = IdentityKey | `domain:${string}`;

export interface Suppression {
  readonly target: SuppressionTarget;
  readonly reason: SuppressionReason;
  readonly source: string;
  readonly at: string;
}

/** Every target that would suppress this identity: its keys and its e-mail domain. */
export const suppressionTargetsFor = (identity: LeadIdentity): readonly SuppressionTarget[] => [
  ...(identity.email ? [emailKey(identity.email), `domain:${emailDomain(identity.email as Email)}` as const] : []),
  ...(identity.linkedin ? [linkedInKey(identity.linkedin)] : []),
];

/** Targets for a card, which carries keys rather than an identity. */
export const suppressionTargetsForKeys = (keys: readonly IdentityKey[]): readonly SuppressionTarget[] =>
  keys.flatMap((k): SuppressionTarget[] =>
    k.startsWith('email:') ? [k, `domain:${k.slice(k.lastIndexOf('@') + 1)}`] : [k],
  );
