import { deny, type PolicyRule } from './rule.js';

/**
 * A provider that refused our credentials at its last check gets no send: the send
 * would fail, or (GHL answers some bad-token requests with 500) end `unknown` and need
 * a human to resolve it. Held until a check passes; an unreachable or unchecked provider
 * is not held (nothing says its credentials are bad).
 */
export const providerCredentialsValid: PolicyRule = ({ card, providerCredentials }) => {
  if (providerCredentials?.state !== 'invalid') return null;
  const why = providerCredentials.detail ? ` (${providerCredentials.detail})` : '';
  return deny('provider_credentials_failed', `The ${card.channel} provider refused our credentials at its last check, ${providerCredentials.checkedAt ?? 'at start'}${why}; sends wait until a check passes.`);
};
