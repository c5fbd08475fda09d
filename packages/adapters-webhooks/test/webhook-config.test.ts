import { GHL_PUBLISHED_ED25519_PUBLIC_KEY, WEBHOOK_CREDENTIAL_VARIABLES, WEBHOOK_SETTING_VARIABLES, webhookSetupFromEnv, signStandardWebhook } from '@caio/adapters-webhooks';
import { WEBHOOK_PROVIDERS } from '@caio/core';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NOW, request } from './support.js';

const A = 'first-secret-0123456789';
const B = 'second-secret-0123456789';
const WHSEC = `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`;
const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ED_PEM = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const FULL = { INSTANTLY_WEBHOOK_SECRET: A, CLAY_WEBHOOK_SECRET: A, RB2B_WEBHOOK_SECRET: A, HEYREACH_WEBHOOK_SECRET: A, GHL_WEBHOOK_PUBLIC_KEY: RSA_PEM };

const setup = (env: Record<string, string | undefined>) => webhookSetupFromEnv(env);
const problems = (env: Record<string, string | undefined>) => setup(env)._unsafeUnwrapErr();

describe('webhookSetupFromEnv', () => {
  it("defaults to strict mode without the allowlist: nothing configured means every provider unhealthy but GHL, checked with GHL's published Ed25519 key", () => {
    const { guard, parse } = setup({})._unsafeUnwrap();
    expect(guard.strict).toBe(true);
    expect(Object.fromEntries(Object.values(guard.status()).map((s) => [s.provider, [s.healthy, s.auth_scheme]]))).toEqual({ ...Object.fromEntries(WEBHOOK_PROVIDERS.map((p) => [p, [false, 'none']])), ghl: [true, 'ghl_ed25519'] });
    expect(WEBHOOK_CREDENTIAL_VARIABLES.find((v) => v.variable === 'GHL_WEBHOOK_ED25519_PUBLIC_KEY')?.default).toBe(GHL_PUBLISHED_ED25519_PUBLIC_KEY);
    expect(GHL_PUBLISHED_ED25519_PUBLIC_KEY).toBe('MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=');
    // The default is only a default: a configured key replaces it.
    const edPair = generateKeyPairSync('ed25519');
    const own = setup({ GHL_WEBHOOK_ED25519_PUBLIC_KEY: edPair.publicKey.export({ type: 'spki', format: 'pem' }).toString() })._unsafeUnwrap().guard;
    const b = JSON.stringify({ type: 'ContactCreate', locationId: 'l', timestamp: NOW.toISOString(), webhookId: 'w' });
    const signature = sign(null, Buffer.from(b), edPair.privateKey).toString('base64');
    expect(own.authenticate('ghl', request(b, { 'x-ghl-signature': signature }), NOW).isOk()).toBe(true);
    expect(guard.authenticate('ghl', request(b, { 'x-ghl-signature': signature }), NOW).isErr()).toBe(true);
    expect(parse).toMatchObject({ clay: { defaultSourceLabel: 'clay', defaultTier: 'tier_2', mapping: { email: 'email' } }, rb2b: { sourceLabel: 'rb2b', tier: 'tier_2' } });
  });

  it('maps each credential variable to its authenticator and provider', () => {
    const { guard } = setup({ ...FULL, WEBHOOK_BEARER_TOKEN: B, GHL_WEBHOOK_ED25519_PUBLIC_KEY: ED_PEM, CLAY_STANDARD_WEBHOOK_SECRET: WHSEC })._unsafeUnwrap();
    const status = guard.status();
    expect(Object.fromEntries(WEBHOOK_PROVIDERS.map((p) => [p, status[p].auth_scheme]))).toEqual({
      instantly: 'shared_secret_header,bearer',
      clay: 'shared_secret_header,bearer,standard_webhooks',
      rb2b: 'url_secret',
      heyreach: 'url_secret',
      ghl: 'ghl_ed25519,ghl_rsa',
    });
    expect(Object.values(status).every((s) => s.healthy && s.configured)).toBe(true);
  });

  it('accepts comma-separated secrets for rotation, and the configured header names', () => {
    const { guard } = setup({ INSTANTLY_WEBHOOK_SECRET: ` ${A} , ${B} `, INSTANTLY_WEBHOOK_HEADER: 'X-Instantly-Token', HEYREACH_WEBHOOK_SECRET: `${A},${B}` })._unsafeUnwrap();
    for (const secret of [A, B]) {
      expect(guard.authenticate('instantly', request('{}', { 'x-instantly-token': secret }), NOW).isOk()).toBe(true);
      expect(guard.authenticate('heyreach', request('{}', {}, { secret }), NOW).isOk()).toBe(true);
    }
    expect(guard.authenticate('instantly', request('{}', { 'x-webhook-secret': A }), NOW).isErr()).toBe(true);
  });

  it('reads the flags, tolerance, labels, tiers and Clay column map', () => {
    const { guard, parse } = setup({ WEBHOOK_SIGNATURE_REQUIRED: 'false', HEYREACH_UNSIGNED_ALLOWLIST: '1', CLAY_COLUMN_MAP: '{"email":"Work Email","signals":["industry"]}', CLAY_SOURCE_LABEL: 'clay-q1', CLAY_DEFAULT_TIER: 'tier_3', RB2B_DEFAULT_TIER: 'tier_1', RB2B_SOURCE_LABEL: 'site' })._unsafeUnwrap();
    expect(guard.strict).toBe(false);
    expect(guard.status().heyreach.unsigned_allowlisted).toBe(true);
    expect(parse.clay).toMatchObject({ defaultSourceLabel: 'clay-q1', defaultTier: 'tier_3', mapping: { email: 'Work Email', linkedinUrl: 'linkedin_url', signals: ['industry'] } });
    expect(parse.rb2b).toEqual({ sourceLabel: 'site', tier: 'tier_1' });
    // The tolerance reaches the Standard Webhooks verifier.
    const { guard: tight } = setup({ GHL_STANDARD_WEBHOOK_SECRET: WHSEC, WEBHOOK_TOLERANCE_SECONDS: '10' })._unsafeUnwrap();
    const ts = Math.floor(NOW.getTime() / 1000) - 11;
    const signed = request('{}', { 'webhook-id': 'm1', 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(WHSEC, 'm1', ts, '{}') });
    expect(tight.authenticate('ghl', signed, NOW)._unsafeUnwrapErr()).toMatchObject({ reason: expect.stringContaining('tolerance 10 s') });
  });

  it('treats blank variables as unset', () => {
    expect(setup({ INSTANTLY_WEBHOOK_SECRET: '', WEBHOOK_SIGNATURE_REQUIRED: ' ', GHL_WEBHOOK_PUBLIC_KEY: '' })._unsafeUnwrap().guard.strict).toBe(true);
  });

  it('names every invalid variable and never echoes a value', () => {
    const env = {
      INSTANTLY_WEBHOOK_SECRET: `${A},short-secret`,
      RB2B_STANDARD_WEBHOOK_SECRET: 'whsec_test_secret',
      GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from('too-short').toString('base64')}`,
      GHL_WEBHOOK_PUBLIC_KEY: ED_PEM,
      GHL_WEBHOOK_ED25519_PUBLIC_KEY: 'not-a-key-at-all',
      WEBHOOK_SIGNATURE_REQUIRED: 'yes',
      WEBHOOK_TOLERANCE_SECONDS: '99999',
      CLAY_DEFAULT_TIER: 'gold',
      CLAY_COLUMN_MAP: '{"emial":"x"}',
      INSTANTLY_WEBHOOK_HEADER: 'bad header',
    };
    const found = problems(env);
    expect(found.map((p) => p.variable).sort()).toEqual(Object.keys(env).sort());
    const text = JSON.stringify(found);
    for (const value of ['short-secret', 'test_secret', 'not-a-key-at-all', 'yes', 'gold', A]) expect(text).not.toContain(value);
    expect(problems({ CLAY_COLUMN_MAP: '{nope' })).toEqual([{ variable: 'CLAY_COLUMN_MAP', message: 'must be a JSON object' }]);
  });

  it('describes every variable as data, credentials with their scheme and providers', () => {
    const names = WEBHOOK_CREDENTIAL_VARIABLES.map((v) => v.variable);
    expect(names).toEqual(expect.arrayContaining(['WEBHOOK_BEARER_TOKEN', 'INSTANTLY_WEBHOOK_SECRET', 'CLAY_WEBHOOK_SECRET', 'RB2B_WEBHOOK_SECRET', 'HEYREACH_WEBHOOK_SECRET', 'GHL_WEBHOOK_PUBLIC_KEY', 'GHL_WEBHOOK_ED25519_PUBLIC_KEY', ...WEBHOOK_PROVIDERS.map((p) => `${p.toUpperCase()}_STANDARD_WEBHOOK_SECRET`)]));
    expect(new Set(names).size).toBe(names.length);
    expect(WEBHOOK_CREDENTIAL_VARIABLES.find((v) => v.variable === 'WEBHOOK_BEARER_TOKEN')).toMatchObject({ providers: ['instantly', 'clay'], scheme: 'bearer' });
    expect(Object.keys(WEBHOOK_SETTING_VARIABLES)).toEqual(expect.arrayContaining(['WEBHOOK_SIGNATURE_REQUIRED', 'HEYREACH_UNSIGNED_ALLOWLIST']));
  });
});
