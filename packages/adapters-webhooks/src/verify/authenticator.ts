import type { Result } from 'neverthrow';
import type { WebhookRequest } from '../webhook-request.js';

/**
 * One way a provider proves a request is its own. `verify` sees only raw bytes and
 * headers; it answers with the reason on failure (never a secret).
 *
 * @category adapters
 */
export interface Authenticator {
  readonly scheme: 'shared_secret_header' | 'bearer' | 'url_secret' | 'standard_webhooks' | 'ghl_rsa' | 'ghl_ed25519';
  verify(request: WebhookRequest, now: Date): Result<void, string>;
}
