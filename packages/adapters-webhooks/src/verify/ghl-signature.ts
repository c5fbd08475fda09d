import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { err, ok } from 'neverthrow';
import { headerValue, MAX_HEADER_LENGTH } from '../webhook-request.js';
import type { Authenticator } from './authenticator.js';

// A malformed signature can make the crypto layer throw rather than answer false.
const verifies = (algorithm: string | null, body: Buffer, key: KeyObject, signature: string): boolean => {
  try {
    return verify(algorithm, body, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
};

const load = (pem: string): KeyObject => createPublicKey(pem.includes('BEGIN') ? pem : `-----BEGIN PUBLIC KEY-----\n${pem}\n-----END PUBLIC KEY-----`);

/**
 * GoHighLevel's signatures over the raw body: `x-wh-signature` (RSA-SHA256, checked with
 * GHL's published public key) or the newer `x-ghl-signature` (Ed25519). The body's own
 * `timestamp` bounds replays (checked by the GHL parser after verification).
 *
 * @category adapters
 */
export const ghlRsaSignature = (publicKeyPem: string): Authenticator => {
  const key = load(publicKeyPem);
  return {
    scheme: 'ghl_rsa',
    verify: (request) => {
      const signature = headerValue(request, 'x-wh-signature');
      if (!signature) return err('missing x-wh-signature');
      if (signature.length > MAX_HEADER_LENGTH) return err('x-wh-signature too long');
      return verifies('sha256', request.rawBody, key, signature) ? ok(undefined) : err('x-wh-signature does not verify');
    },
  };
};

export const ghlEd25519Signature = (publicKeyPem: string): Authenticator => {
  const key = load(publicKeyPem);
  return {
    scheme: 'ghl_ed25519',
    verify: (request) => {
      const signature = headerValue(request, 'x-ghl-signature');
      if (!signature) return err('missing x-ghl-signature');
      if (signature.length > MAX_HEADER_LENGTH) return err('x-ghl-signature too long');
      return verifies(null, request.rawBody, key, signature) ? ok(undefined) : err('x-ghl-signature does not verify');
    },
  };
};
