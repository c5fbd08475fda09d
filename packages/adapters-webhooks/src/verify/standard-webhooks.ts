import { createHmac } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { headerValue, MAX_HEADER_LENGTH, type WebhookRequest } from '../webhook-request.js';
import type { Authenticator } from './authenticator.js';
import { equalBytes } from './constant-time.js';

const MAX_SIGNATURES = 10;
const TIMESTAMP = /^\d{1,10}$/; // Unix seconds: a 13-digit millisecond value is refused

/** A `whsec_` secret (or bare base64) as HMAC key bytes. */
export const decodeSecret = (secret: string): Buffer => Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');

/** `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>` as a sender computes it. */
export const signStandardWebhook = (secret: string, id: string, timestamp: number, body: Buffer | string): string =>
  `v1,${createHmac('sha256', decodeSecret(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;

/**
 * Standard Webhooks 1.0 (`webhook-id`, `webhook-timestamp`, `webhook-signature`):
 * HMAC-SHA256 over `id.timestamp.rawbody`, any of several space-separated `v1,`
 * signatures may match (key rotation), several secrets may be configured, and the
 * timestamp must be within the tolerance in both directions.
 *
 * @category adapters
 */
export const standardWebhooks = (secrets: readonly string[], toleranceSeconds = 300): Authenticator => {
  const keys = secrets.map(decodeSecret).filter((k) => k.length > 0);
  return {
    scheme: 'standard_webhooks',
    verify: (request: WebhookRequest, now: Date): Result<void, string> => {
      const id = headerValue(request, 'webhook-id');
      const timestamp = headerValue(request, 'webhook-timestamp');
      const signature = headerValue(request, 'webhook-signature');
      if (!id || !timestamp || !signature) return err('missing webhook-id, webhook-timestamp or webhook-signature');
      if (id.length > 256 || id.includes('.') || signature.length > MAX_HEADER_LENGTH) return err('malformed webhook headers');
      if (!TIMESTAMP.test(timestamp)) return err('webhook-timestamp is not Unix seconds');
      const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
      if (skew > toleranceSeconds) return err(`webhook-timestamp is ${Math.round(skew)} s away from now (tolerance ${toleranceSeconds} s)`);
      const entries = signature.split(' ').filter(Boolean);
      if (entries.length > MAX_SIGNATURES) return err('too many signatures');
      const candidates = entries.flatMap((entry) => {
        const [version, value] = entry.split(',', 2);
        return version === 'v1' && value ? [Buffer.from(value, 'base64')] : [];
      });
      if (candidates.length === 0) return err('no v1 signature');
      const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), request.rawBody]);
      for (const key of keys) {
        const expected = createHmac('sha256', key).update(signed).digest();
        if (candidates.some((c) => equalBytes(c, expected))) return ok(undefined);
      }
      return err('no signature matches');
    },
  };
};
