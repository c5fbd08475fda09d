import { headerValue } from '../webhook-request.js';
import type { Authenticator } from './authenticator.js';
import { matchSecret, requireSecrets } from './constant-time.js';

/**
 * A static secret in a header the provider lets users set (Instantly's custom webhook
 * headers, Clay's `X-Api-Key`). Several secrets may be configured during a rotation.
 *
 * @category adapters
 */
export const sharedSecretHeader = (headerName: string, secrets: readonly string[]): Authenticator => {
  const name = headerName.toLowerCase();
  const accepted = requireSecrets(secrets, `sharedSecretHeader(${name})`);
  return { scheme: 'shared_secret_header', verify: (request) => matchSecret(headerValue(request, name), `${name} header`, accepted) };
};
