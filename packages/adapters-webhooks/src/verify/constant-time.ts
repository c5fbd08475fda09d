import { createHash, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { MAX_HEADER_LENGTH } from '../webhook-request.js';

const digest = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest();

/**
 * True when `candidate` equals any secret, compared in constant time over fixed-length
 * SHA-256 digests (timingSafeEqual throws on unequal lengths, and comparing the raw
 * values would leak the secret's length); every secret is compared, match or not.
 *
 * @category adapters
 */
export const equalsAnySecret = (candidate: string, secrets: readonly string[]): boolean => {
  const c = digest(candidate);
  let matched = false;
  for (const secret of secrets) matched = timingSafeEqual(c, digest(secret)) || matched;
  return matched;
};

/** Constant-time equality of two byte strings; unequal lengths are unequal without comparing. */
export const equalBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/**
 * A presented static credential checked against the configured ones: missing, then
 * too long (before hashing anything), then a constant-time match.
 *
 * @category adapters
 */
export const matchSecret = (presented: string | undefined, label: string, secrets: readonly string[]): Result<void, string> => {
  if (!presented) return err(`missing ${label}`);
  if (presented.length > MAX_HEADER_LENGTH) return err(`${label} too long`);
  return equalsAnySecret(presented, secrets) ? ok(undefined) : err(`${label} does not match`);
};

/** An authenticator without a usable secret is a wiring bug, not a runtime condition. */
export const requireSecrets = (secrets: readonly string[], what: string): readonly string[] => {
  if (secrets.length === 0 || secrets.some((s) => s.length === 0)) throw new Error(`${what} needs at least one non-empty secret`);
  return [...secrets];
};
