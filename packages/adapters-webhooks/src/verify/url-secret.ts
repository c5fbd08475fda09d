import { queryValue } from '../webhook-request.js';
import type { Authenticator } from './authenticator.js';
import { matchSecret, requireSecrets } from './constant-time.js';

/**
 * A secret in the registered URL's query string (`?secret=`), for providers that can
 * neither sign nor send custom headers (RB2B, HeyReach). Weaker than a header: the
 * URL lives in the provider's settings, so the app must never log query strings.
 *
 * @category adapters
 */
export const urlSecret = (parameter: string, secrets: readonly string[]): Authenticator => {
  const accepted = requireSecrets(secrets, `urlSecret(${parameter})`);
  return { scheme: 'url_secret', verify: (request) => matchSecret(queryValue(request, parameter), `?${parameter}= URL secret`, accepted) };
};
