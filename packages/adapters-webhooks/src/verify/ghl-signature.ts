import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from 'neverthrow';
import { ISO_INSTANT } from '../parse/instant-or.js';
import { parseJsonSafely } from '../parse/safe-json.js';
import { headerValue, MAX_HEADER_LENGTH, type WebhookRequest } from '../webhook-request.js';
import type { Authenticator, AuthScheme } from './authenticator.js';
import { DEFAULT_TOLERANCE_SECONDS } from './standard-webhooks.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A PEM (or bare base64 SPKI) public key of the expected type; throws on anything else (configuration is checked at start-up). */
export const loadPublicKey = (pem: string, type: 'rsa' | 'ed25519'): KeyObject => {
  const text = pem.replace(/\\n/g, '\n').trim();
  const key = createPublicKey(text.includes('BEGIN') ? text : `-----BEGIN PUBLIC KEY-----\n${text}\n-----END PUBLIC KEY-----`);
  if (key.asymmetricKeyType !== type) throw new Error(`expected an ${type} public key, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  return key;
};

/** A timestamp as GHL writes it: ISO 8601, or Unix seconds / milliseconds (number or digits). */
const epochMs = (value: unknown): number | undefined => {
  const n =
    typeof value === 'number' ? value
    : typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value)
    : typeof value === 'string' && /^\d{10,13}$/.test(value) ? Number(value)
    : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
};

/**
 * GHL signs the whole body, including the envelope's `timestamp` and `webhookId`
 * (GHL's webhook authentication guide), so once the signature holds, the envelope's
 * `timestamp` bounds replays (a repeated `webhookId` is a duplicate event id, stopped by
 * the inbox). A signed body without one cannot be bounded and is refused. A timestamp
 * inside the event (LCEmailStats `webhookPayload.timestamp`) is when the mail event
 * happened, not when GHL sent it, so it is not used.
 */
const replayError = (body: Buffer, now: Date, toleranceSeconds: number): string | undefined => {
  const json = parseJsonSafely(body);
  if (json.isErr()) return `signed body unreadable: ${json.error}`;
  const doc = typeof json.value === 'object' && json.value !== null ? (json.value as Record<string, unknown>) : {};
  const at = epochMs(doc.timestamp);
  if (at === undefined) return 'signed body has no usable envelope timestamp (replays could not be bounded)';
  const skew = Math.abs(now.getTime() - at) / 1000;
  return skew > toleranceSeconds ? `signed timestamp is ${Math.round(skew)} s away from now (tolerance ${toleranceSeconds} s)` : undefined;
};

const publishedKeySignature = (scheme: AuthScheme, header: string, algorithm: 'sha256' | null, key: KeyObject, toleranceSeconds: number): Authenticator => ({
  scheme,
  verify: (request: WebhookRequest, now: Date): Result<void, string> => {
    const signature = headerValue(request, header);
    if (!signature) return err(`missing ${header}`);
    if (signature.length > MAX_HEADER_LENGTH) return err(`${header} too long`);
    if (!BASE64.test(signature)) return err(`${header} is not base64`);
    let valid: boolean;
    try {
      valid = verify(algorithm, request.rawBody, key, Buffer.from(signature, 'base64'));
    } catch {
      // A signature of the wrong size can make the crypto layer throw rather than answer false.
      valid = false;
    }
    if (!valid) return err(`${header} does not verify`);
    const replay = replayError(request.rawBody, now, toleranceSeconds);
    return replay ? err(replay) : ok(undefined);
  },
});

/**
 * GoHighLevel's legacy `x-wh-signature` (GHL signs only with Ed25519 since 2026-07-01): RSA-SHA256 over the raw body, checked with the
 * public key GHL publishes (configured, so tests can use their own pair), plus replay
 * protection from the signed body's `timestamp`.
 *
 * @category adapters
 */
export const ghlRsaSignature = (publicKeyPem: string, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): Authenticator =>
  publishedKeySignature('ghl_rsa', 'x-wh-signature', 'sha256', loadPublicKey(publicKeyPem, 'rsa'), toleranceSeconds);

/**
 * GoHighLevel's `X-GHL-Signature`: Ed25519 over the raw body with GHL's published key
 * (GHL_PUBLISHED_ED25519_PUBLIC_KEY by default), plus the same replay protection.
 *
 * @category adapters
 */
export const ghlEd25519Signature = (publicKeyPem: string, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): Authenticator =>
  publishedKeySignature('ghl_ed25519', 'x-ghl-signature', null, loadPublicKey(publicKeyPem, 'ed25519'), toleranceSeconds);
