import { err, ok } from 'neverthrow';
import { headerValue, MAX_HEADER_LENGTH } from '../webhook-request.js';
import type { Authenticator } from './authenticator.js';
import { equalsAnySecret } from './constant-time.js';

/** A static secret in a header the provider lets users set (Instantly custom headers, Clay's X-Api-Key). */
export const sharedSecretHeader = (headerName: string, secrets: readonly string[]): Authenticator => ({
  scheme: 'shared_secret_header',
  verify: (request) => {
    const value = headerValue(request, headerName);
    if (!value) return err(`missing ${headerName} header`);
    if (value.length > MAX_HEADER_LENGTH) return err(`${headerName} header too long`);
    return equalsAnySecret(value, secrets) ? ok(undefined) : err(`${headerName} does not match`);
  },
});

/** `Authorization: Bearer <token>`. */
export const bearerToken = (tokens: readonly string[]): Authenticator => ({
  scheme: 'bearer',
  verify: (request) => {
    const value = headerValue(request, 'authorization');
    if (!value) return err('missing Authorization header');
    if (value.length > MAX_HEADER_LENGTH) return err('Authorization header too long');
    const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
    if (!match?.[1]) return err('Authorization is not a Bearer token');
    return equalsAnySecret(match[1], tokens) ? ok(undefined) : err('bearer token does not match');
  },
});

/** A secret in the registered URL's query string, for providers that cannot send headers (RB2B, HeyReach). */
export const urlSecret = (parameter: string, secrets: readonly string[]): Authenticator => ({
  scheme: 'url_secret',
  verify: (request) => {
    const value = request.query[parameter];
    if (!value) return err(`missing ?${parameter}= in the URL`);
    if (value.length > MAX_HEADER_LENGTH) return err('URL secret too long');
    return equalsAnySecret(value, secrets) ? ok(undefined) : err('URL secret does not match');
  },
});
