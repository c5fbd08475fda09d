import { bearerToken, ghlEd25519Signature, ghlRsaSignature, sharedSecretHeader, urlSecret, WebhookGuard } from '@caio/adapters-webhooks';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { request } from './support.js';

const now = new Date('2026-03-02T20:00:00.000Z');
const SECRET = 'instantly-secret-0123456789';

describe('shared secrets', () => {
  it('checks a header secret in constant time against every configured secret', () => {
    const auth = sharedSecretHeader('x-webhook-secret', ['old-secret-0123456789', SECRET]);
    expect(auth.verify(request('{}', { 'x-webhook-secret': SECRET }), now).isOk()).toBe(true);
    expect(auth.verify(request('{}', { 'x-webhook-secret': 'old-secret-0123456789' }), now).isOk()).toBe(true);
    expect(auth.verify(request('{}', { 'x-webhook-secret': 'x' }), now).isErr()).toBe(true);
    expect(auth.verify(request('{}', { 'x-webhook-secret': `${SECRET}x`.repeat(400) }), now).isErr()).toBe(true);
    expect(auth.verify(request('{}'), now).isErr()).toBe(true);
  });

  it('checks bearer tokens and URL secrets', () => {
    expect(bearerToken([SECRET]).verify(request('{}', { authorization: `Bearer ${SECRET}` }), now).isOk()).toBe(true);
    expect(bearerToken([SECRET]).verify(request('{}', { authorization: `Basic ${SECRET}` }), now).isErr()).toBe(true);
    expect(urlSecret('secret', [SECRET]).verify(request('{}', {}, { secret: SECRET }), now).isOk()).toBe(true);
    expect(urlSecret('secret', [SECRET]).verify(request('{}', {}, { secret: 'short' }), now).isErr()).toBe(true);
  });
});

describe('GHL published-key signatures', () => {
  const body = Buffer.from('{"type":"InboundMessage","locationId":"loc"}');
  it('verifies RSA-SHA256 x-wh-signature with the configured public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const auth = ghlRsaSignature(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const signature = sign('sha256', body, privateKey).toString('base64');
    expect(auth.verify(request(body, { 'x-wh-signature': signature }), now).isOk()).toBe(true);
    expect(auth.verify(request(Buffer.concat([body, Buffer.from(' ')]), { 'x-wh-signature': signature }), now).isErr()).toBe(true);
    expect(auth.verify(request(body, { 'x-wh-signature': 'bm90IGEgc2lnbmF0dXJl' }), now).isErr()).toBe(true);
  });
  it('verifies Ed25519 x-ghl-signature', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const auth = ghlEd25519Signature(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const signature = sign(null, body, privateKey).toString('base64');
    expect(auth.verify(request(body, { 'x-ghl-signature': signature }), now).isOk()).toBe(true);
    expect(auth.verify(request(body, { 'x-ghl-signature': 'AAAA' }), now).isErr()).toBe(true);
  });
});

describe('strict mode', () => {
  const configured = { instantly: [sharedSecretHeader('x-webhook-secret', [SECRET])] };
  it('refuses every request to a provider with no authenticator and reports it unhealthy', () => {
    const guard = new WebhookGuard({ strict: true, heyreachUnsignedAllowlist: false, authenticators: configured });
    expect(guard.authenticate('clay', request('{}'), now)._unsafeUnwrapErr()).toMatchObject({ _tag: 'WebhookUnauthorized', provider: 'clay' });
    expect(guard.authenticate('heyreach', request('{}'), now).isErr()).toBe(true);
    const status = guard.status();
    expect(status.clay).toMatchObject({ mode: 'strict', configured: false, healthy: false, rejected_count: 1 });
    expect(status.instantly).toMatchObject({ configured: true, healthy: true, auth_schemes: ['shared_secret_header'] });
  });

  it('accepts unsigned HeyReach only with the allowlist, and says so', () => {
    const guard = new WebhookGuard({ strict: true, heyreachUnsignedAllowlist: true, authenticators: configured });
    expect(guard.authenticate('heyreach', request('{}'), now)._unsafeUnwrap()).toBe('unsigned_allowlisted');
    expect(guard.status().heyreach).toMatchObject({ unsigned_allowlisted: true, healthy: true, configured: false, last_accepted_at: now.toISOString() });
    expect(guard.authenticate('rb2b', request('{}'), now).isErr()).toBe(true);
  });

  it('in permissive mode accepts unconfigured providers but still checks configured ones', () => {
    const guard = new WebhookGuard({ strict: false, heyreachUnsignedAllowlist: false, authenticators: configured });
    expect(guard.authenticate('clay', request('{}'), now)._unsafeUnwrap()).toBe('unauthenticated_permissive');
    expect(guard.authenticate('instantly', request('{}'), now).isErr()).toBe(true);
    expect(guard.status().clay).toMatchObject({ mode: 'permissive', healthy: true, configured: false });
  });

  it('never puts a secret in the status', () => {
    const guard = new WebhookGuard({ strict: true, heyreachUnsignedAllowlist: false, authenticators: configured });
    expect(JSON.stringify(guard.status())).not.toContain(SECRET);
  });
});
