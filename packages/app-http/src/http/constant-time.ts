import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * True when `candidate` equals any of `secrets`, in time independent of where they
 * differ: both sides are hashed to fixed-length digests first (timingSafeEqual throws
 * on unequal lengths), and every secret is compared, match or not.
 *
 * @category adapters
 */
export const matchesAnySecret = (candidate: string, secrets: readonly string[]): boolean => {
  const c = digest(candidate);
  let matched = false;
  for (const secret of secrets) matched = timingSafeEqual(c, digest(secret)) || matched;
  return matched;
};
