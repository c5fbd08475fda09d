import type { Result } from 'neverthrow';
import type { WebhookRequest } from '../webhook-request.js';

/** The ways a provider can prove a request is its own. @category adapters */
export const AUTH_SCHEMES = ['shared_secret_header', 'bearer', 'url_secret', 'standard_webhooks', 'ghl_rsa', 'ghl_ed25519'] as const;
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

/**
 * One way a provider proves a request is its own. `verify` sees only raw bytes,
 * headers and query; it answers with the reason on failure (never a secret) and never
 * throws, whatever the request holds.
 *
 * @category adapters
 */
export interface Authenticator {
  readonly scheme: AuthScheme;
  verify(request: WebhookRequest, now: Date): Result<void, string>;
}
