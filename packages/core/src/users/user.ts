import { err, ok, type Result } from 'neverthrow';
import { validationError, type ValidationError } from '../shared/validation-error.js';
import type { Role } from './role.js';

/**
 * A named person of the sales team with a role and a token of their own. Only the token's
 * SHA-256 (hex) is kept: a stolen store does not hand out dashboard access, and the
 * token is shown once, when it is made.
 *
 * @category model
 */
export interface User {
  readonly name: string;
  readonly role: Role;
  readonly tokenSha256: string;
  readonly createdAt: string;
  /** When the token was last replaced (`caio users rotate`). */
  readonly rotatedAt?: string;
}

// Names appear in audit actors (`user:<name>`), URLs and keys: a small safe alphabet.
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const parseUserName = (raw: string): Result<string, ValidationError> =>
  USER_NAME.test(raw) ? ok(raw) : err(validationError('name', `must be 1-64 characters of [a-z0-9._-] starting with a letter or digit, got ${JSON.stringify(raw.slice(0, 40))}`));

export const isTokenSha256 = (value: string): boolean => SHA256_HEX.test(value);

/** The audit actor of an authenticated user. */
export const userActor = (name: string): string => `user:${name}`;
