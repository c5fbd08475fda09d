import { sharedSecretHeader, urlSecret, WebhookGuard, type Authenticator } from '@caio/adapters-webhooks';
import type { WebhookProvider } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { NOW, request } from './support.js';

const SECRET = 'instantly-secret-0123456789';
const instantly = { instantly: [sharedSecretHeader('x-webhook-secret', [SECRET])] };
const guard = (strict: boolean, allowlist: boolean, authenticators: Partial<Record<WebhookProvider, readonly Authenticator[]>> = instantly) =>
  new WebhookGuard({ strict, heyreachUnsignedAllowlist: allowlist, authenticators });
const unsigned = request('{}');
const signed = request('{}', { 'x-webhook-secret': SECRET });

describe('WebhookGuard strict mode matrix', () => {
  // provider, strict, allowlist -> accepted as (or refused)
  it.each([
    ['clay', true, false, 'refused'],
    ['clay', true, true, 'refused'],
    ['heyreach', true, false, 'refused'],
    ['heyreach', true, true, 'unsigned_allowlisted'],
    ['rb2b', true, true, 'refused'],
    ['clay', false, false, 'unauthenticated_permissive'],
    ['heyreach', false, false, 'unauthenticated_permissive'],
    ['heyreach', false, true, 'unsigned_allowlisted'],
  ] as const)('unconfigured %s, strict=%s, allowlist=%s: %s', (provider, strict, allowlist, outcome) => {
    const result = guard(strict, allowlist).authenticate(provider, unsigned, NOW);
    if (outcome === 'refused') expect(result._unsafeUnwrapErr()).toMatchObject({ _tag: 'WebhookUnauthorized', provider });
    else expect(result._unsafeUnwrap()).toBe(outcome);
  });

  it('checks a configured provider in both modes, and the allowlist does not bypass a configured HeyReach', () => {
    for (const strict of [true, false]) {
      const g = guard(strict, true, { ...instantly, heyreach: [urlSecret('secret', [SECRET])] });
      expect(g.authenticate('instantly', unsigned, NOW).isErr()).toBe(true);
      expect(g.authenticate('instantly', signed, NOW)._unsafeUnwrap()).toBe('shared_secret_header');
      expect(g.authenticate('heyreach', unsigned, NOW).isErr()).toBe(true);
      expect(g.authenticate('heyreach', request('{}', {}, { secret: SECRET }), NOW)._unsafeUnwrap()).toBe('url_secret');
    }
  });

  it('tries every authenticator of a provider and reports each reason', () => {
    const g = guard(true, false, { clay: [sharedSecretHeader('x-api-key', [SECRET]), urlSecret('secret', [SECRET])] });
    expect(g.authenticate('clay', request('{}', {}, { secret: SECRET }), NOW)._unsafeUnwrap()).toBe('url_secret');
    expect(g.authenticate('clay', unsigned, NOW)._unsafeUnwrapErr()).toMatchObject({ reason: 'shared_secret_header: missing x-api-key header; url_secret: missing ?secret= URL secret' });
  });
});

describe('WebhookGuard status (served by /readyz as provider_auth.<provider>)', () => {
  it('reports mode, configuration, scheme, health and counters per provider', () => {
    const g = guard(true, true);
    g.authenticate('clay', unsigned, NOW);
    g.authenticate('clay', unsigned, NOW);
    g.authenticate('instantly', signed, NOW);
    g.authenticate('heyreach', unsigned, NOW);
    const status = g.status();
    expect(Object.keys(status).sort()).toEqual(['clay', 'ghl', 'heyreach', 'instantly', 'rb2b']);
    expect(status.instantly).toEqual({ provider: 'instantly', mode: 'strict', configured: true, auth_scheme: 'shared_secret_header', unsigned_allowlisted: false, healthy: true, last_accepted_at: NOW.toISOString(), rejected_count: 0 });
    expect(status.clay).toEqual({ provider: 'clay', mode: 'strict', configured: false, auth_scheme: 'none', unsigned_allowlisted: false, healthy: false, last_accepted_at: null, rejected_count: 2 });
    expect(status.heyreach).toMatchObject({ configured: false, auth_scheme: 'unsigned_allowlisted', unsigned_allowlisted: true, healthy: true, last_accepted_at: NOW.toISOString() });
  });

  it('is healthy everywhere in permissive mode, and never holds a secret', () => {
    const g = guard(false, false);
    expect(Object.values(g.status()).every((s) => s.healthy && s.mode === 'permissive')).toBe(true);
    expect(JSON.stringify(g.status())).not.toContain(SECRET);
    expect(g.strict).toBe(false);
  });
});
