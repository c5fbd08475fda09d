import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest();

/**
 * True when `candidate` equals any secret, compared in constant time over fixed-length
 * digests (timingSafeEqual throws on unequal lengths); every secret is compared.
 *
 * @category adapters
 */
export const equalsAnySecret = (candidate: string, secrets: readonly string[]): boolean => {
  const c = digest(candidate);
  let matched = false;
  for (const secret of secrets) matched = timingSafeEqual(c, digest(secret)) || matched;
  return matched;
};

/** Constant-time equality of two byte strings of possibly different lengths. */
export const equalBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);
