import { createHmac } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { headerValue, MAX_HEADER_LENGTH, type WebhookRequest } from '../webhook-request.js';
import type { Authenticator } from './authenticator.js';
import { equalBytes } from './constant-time.js';

/** Default tolerance of signed timestamps, in seconds, applied in both directions. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const MAX_ID_LENGTH = 256;
const MAX_SIGNATURES = 10;
// Unix seconds only: strict digits, so `1614265330abc`, `1614265330.5`, `-1` and a
// 13-digit millisecond value are all refused (the reference library's parseInt is not).
const TIMESTAMP = /^[0-9]{1,10}$/;
// A v1 signature is base64 of a 32-byte HMAC-SHA256: exactly 44 characters. Anything
// else (a prefix, trailing bytes that lenient base64 decoding would drop) cannot match,
// and the text itself is compared with the canonical encoding, so a last character
// differing only in its padding bits (which decodes to the same bytes) does not match.
const V1_SIGNATURE = /^v1,([A-Za-z0-9+/]{43}=)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A `whsec_` secret (or a bare base64 one) as HMAC key bytes, or undefined when it is
 * not base64 at all (a Stripe-style secret is used as UTF-8 and must not be mistaken
 * for one).
 *
 * @category adapters
 */
export const decodeSecret = (secret: string): Buffer | undefined => {
  const encoded = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  return encoded.length > 0 && encoded.length % 4 !== 1 && BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
};

/** The v1 signature's base64 text (digested straight to base64: no intermediate buffer per delivery). */
const hmac = (key: Buffer, id: string, timestamp: string, body: Buffer | string): string =>
  createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');

/**
 * `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`, as a sender computes it (for
 * tests and for providers we sign for).
 *
 * @category adapters
 */
export const signStandardWebhook = (secret: string, id: string, timestamp: number, body: Buffer | string): string => {
  const key = decodeSecret(secret);
  if (!key) throw new Error('signStandardWebhook: the secret is not base64');
  return `v1,${hmac(key, id, String(timestamp), body)}`;
};

const checkHeaders = (id: string | undefined, timestamp: string | undefined, signature: string | undefined): Result<{ id: string; timestamp: string; signature: string }, string> => {
  if (!id || !timestamp || !signature) return err('missing webhook-id, webhook-timestamp or webhook-signature');
  if (id.length > MAX_ID_LENGTH || signature.length > MAX_HEADER_LENGTH) return err('webhook headers too long');
  if (id.includes('.')) return err('webhook-id contains "."');
  if (!TIMESTAMP.test(timestamp)) return err('webhook-timestamp is not whole Unix seconds');
  return ok({ id, timestamp, signature });
};

/** Whole seconds, as the reference library counts them, so the edges are exact. */
const skewError = (timestamp: string, now: Date, toleranceSeconds: number): string | undefined => {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const at = Number(timestamp);
  if (nowSeconds - at > toleranceSeconds) return `webhook-timestamp is ${nowSeconds - at} s old (tolerance ${toleranceSeconds} s)`;
  if (at - nowSeconds > toleranceSeconds) return `webhook-timestamp is ${at - nowSeconds} s in the future (tolerance ${toleranceSeconds} s)`;
  return undefined;
};

/**
 * Standard Webhooks 1.0 (`webhook-id`, `webhook-timestamp`, `webhook-signature`):
 * HMAC-SHA256 over `id.timestamp.rawbody` with base64-decoded `whsec_` keys. The
 * signature header is a space-separated list: any `v1` entry may match (the sender
 * dual-signs during a rotation), other versions are skipped, and several secrets may be
 * configured (we rotate too). The timestamp must be within the tolerance in both
 * directions. Every length and format check runs before any HMAC.
 *
 * @category adapters
 */
export const standardWebhooks = (secrets: readonly string[], toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): Authenticator => {
  const keys = secrets.map(decodeSecret);
  if (keys.length === 0 || keys.some((k) => k === undefined || k.length === 0)) throw new Error('standardWebhooks needs at least one non-empty base64 (whsec_) secret');
  const usable = keys as Buffer[];
  return {
    scheme: 'standard_webhooks',
    verify: (request: WebhookRequest, now: Date): Result<void, string> => {
      const headers = checkHeaders(headerValue(request, 'webhook-id'), headerValue(request, 'webhook-timestamp'), headerValue(request, 'webhook-signature'));
      if (headers.isErr()) return err(headers.error);
      const { id, timestamp, signature } = headers.value;
      const stale = skewError(timestamp, now, toleranceSeconds);
      if (stale) return err(stale);
      const entries = signature.split(' ').filter(Boolean);
      if (entries.length > MAX_SIGNATURES) return err(`more than ${MAX_SIGNATURES} signatures`);
      const candidates = entries.flatMap((entry) => {
        const value = V1_SIGNATURE.exec(entry)?.[1];
        return value ? [Buffer.from(value, 'latin1')] : [];
      });
      if (candidates.length === 0) return err('no well-formed v1 signature');
      let matched = false;
      for (const key of usable) {
        const expected = Buffer.from(hmac(key, id, timestamp, request.rawBody), 'latin1');
        for (const candidate of candidates) matched = equalBytes(candidate, expected) || matched;
      }
      return matched ? ok(undefined) : err('no signature matches');
    },
  };
};
