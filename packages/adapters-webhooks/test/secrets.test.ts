import { bearerToken, equalsAnySecret, sharedSecretHeader, urlSecret } from '@caio/adapters-webhooks';
import { describe, expect, it } from 'vitest';
import { NOW, request } from './support.js';

const OLD = 'old-secret-0123456789';
const NEW = 'new-secret-0123456789';

describe('shared-secret header', () => {
  const auth = sharedSecretHeader('X-Webhook-Secret', [OLD, NEW]);
  const verify = (headers: Record<string, string | string[]>) => auth.verify(request('{}', headers), NOW);

  it('accepts any configured secret (rotation), whatever the header name case', () => {
    expect(verify({ 'x-webhook-secret': OLD }).isOk()).toBe(true);
    expect(verify({ 'X-Webhook-Secret': NEW }).isOk()).toBe(true);
  });

  it('answers a wrong, shorter, longer, empty or missing secret with a reason, never a throw', () => {
    expect(verify({ 'x-webhook-secret': 'x' })._unsafeUnwrapErr()).toBe('x-webhook-secret header does not match');
    expect(verify({ 'x-webhook-secret': `${NEW}x` })._unsafeUnwrapErr()).toBe('x-webhook-secret header does not match');
    expect(verify({ 'x-webhook-secret': NEW.slice(0, -1) })._unsafeUnwrapErr()).toBe('x-webhook-secret header does not match');
    expect(verify({ 'x-webhook-secret': '' })._unsafeUnwrapErr()).toBe('missing x-webhook-secret header');
    expect(verify({})._unsafeUnwrapErr()).toBe('missing x-webhook-secret header');
    expect(verify({ 'x-webhook-secret': NEW.repeat(400) })._unsafeUnwrapErr()).toBe('x-webhook-secret header too long');
  });

  it('reads the first of a repeated header', () => {
    expect(verify({ 'x-webhook-secret': [NEW, 'other'] }).isOk()).toBe(true);
    expect(verify({ 'x-webhook-secret': ['other', NEW] }).isErr()).toBe(true);
  });

  it('refuses to be built without a secret', () => {
    expect(() => sharedSecretHeader('x-api-key', [])).toThrow();
    expect(() => sharedSecretHeader('x-api-key', [''])).toThrow();
  });
});

describe('bearer token', () => {
  const auth = bearerToken([OLD, NEW]);
  const verify = (authorization?: string) => auth.verify(request('{}', authorization === undefined ? {} : { authorization }), NOW);

  it('accepts Bearer with any configured token', () => {
    expect(verify(`Bearer ${OLD}`).isOk()).toBe(true);
    expect(verify(`bearer ${NEW}`).isOk()).toBe(true);
  });

  it('refuses other schemes, wrong tokens of any length, and a missing header', () => {
    expect(verify(`Basic ${NEW}`)._unsafeUnwrapErr()).toBe('Authorization is not a Bearer token');
    expect(verify('Bearer')._unsafeUnwrapErr()).toBe('Authorization is not a Bearer token');
    expect(verify(`Bearer ${NEW} extra`)._unsafeUnwrapErr()).toBe('Authorization is not a Bearer token');
    expect(verify('Bearer a')._unsafeUnwrapErr()).toBe('bearer token does not match');
    expect(verify(`Bearer ${NEW}${NEW}`)._unsafeUnwrapErr()).toBe('bearer token does not match');
    expect(verify()._unsafeUnwrapErr()).toBe('missing bearer token');
    expect(verify(`Bearer ${'a'.repeat(5000)}`)._unsafeUnwrapErr()).toBe('Authorization header too long');
  });
});

describe('URL secret', () => {
  const auth = urlSecret('secret', [OLD, NEW]);
  const verify = (query: Record<string, string | string[]>) => auth.verify(request('{}', {}, query), NOW);

  it('accepts any configured secret in the query string', () => {
    expect(verify({ secret: OLD }).isOk()).toBe(true);
    expect(verify({ secret: NEW }).isOk()).toBe(true);
  });

  it('refuses wrong-length, missing, repeated and header-borne secrets', () => {
    expect(verify({ secret: 'short' })._unsafeUnwrapErr()).toBe('?secret= URL secret does not match');
    expect(verify({ token: NEW })._unsafeUnwrapErr()).toBe('missing ?secret= URL secret');
    // A repeated parameter is ambiguous (which one did the provider mean?), so it is refused.
    expect(verify({ secret: [NEW, NEW] })._unsafeUnwrapErr()).toBe('missing ?secret= URL secret');
    expect(auth.verify(request('{}', { secret: NEW }), NOW).isErr()).toBe(true);
  });
});

describe('constant-time comparison', () => {
  it('compares digests, so any lengths compare without throwing', () => {
    expect(equalsAnySecret('a', ['a'.repeat(1000), 'b'])).toBe(false);
    expect(equalsAnySecret('', ['x'])).toBe(false);
    expect(equalsAnySecret('same', ['other', 'same'])).toBe(true);
  });
});
