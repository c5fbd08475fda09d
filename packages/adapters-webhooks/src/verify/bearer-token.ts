import { err } from 'neverthrow';
import { headerValue, MAX_HEADER_LENGTH } from '../webhook-request.js';
import type { Authenticator } from './authenticator.js';
import { matchSecret, requireSecrets } from './constant-time.js';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * `Authorization: Bearer <token>`, against several configured tokens (rotation).
 *
 * @category adapters
 */
export const bearerToken = (tokens: readonly string[]): Authenticator => {
  const accepted = requireSecrets(tokens, 'bearerToken');
  return {
    scheme: 'bearer',
    verify: (request) => {
      const value = headerValue(request, 'authorization');
      if (value !== undefined && value.length > MAX_HEADER_LENGTH) return err('Authorization header too long');
      const token = value === undefined ? undefined : BEARER.exec(value)?.[1];
      if (value !== undefined && token === undefined) return err('Authorization is not a Bearer token');
      return matchSecret(token, 'bearer token', accepted);
    },
  };
};
