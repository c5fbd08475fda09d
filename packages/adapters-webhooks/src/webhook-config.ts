import { TIERS, type Tier, type WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { DEFAULT_CLAY_MAPPING, type ClayColumnMapping } from './parse/clay.js';
import type { ParseOptions } from './receive-webhook.js';
import type { Authenticator } from './verify/authenticator.js';
import { ghlEd25519Signature, ghlRsaSignature } from './verify/ghl-signature.js';
import { bearerToken, sharedSecretHeader, urlSecret } from './verify/shared-secret.js';
import { decodeSecret, standardWebhooks } from './verify/standard-webhooks.js';
import { WebhookGuard } from './webhook-guard.js';

/**
 * The environment variables of the inbound side. Every secret variable takes a
 * comma-separated list, so a secret can be rotated without downtime.
 *
 * @category adapters
 */
export const WEBHOOK_ENV = {
  WEBHOOK_SIGNATURE_REQUIRED: 'true (default): every provider needs an authenticator; false: unconfigured providers are accepted and reported',
  HEYREACH_UNSIGNED_ALLOWLIST: 'true: accept unsigned HeyReach deliveries in strict mode (reported as unsigned_allowlisted); default false',
  WEBHOOK_TOLERANCE_SECONDS: 'timestamp tolerance of signed deliveries, both directions (default 300)',
  WEBHOOK_BEARER_TOKEN: 'Authorization: Bearer token accepted for instantly and clay',
  INSTANTLY_WEBHOOK_SECRET: 'value of the x-webhook-secret custom header set on the Instantly webhook',
  CLAY_WEBHOOK_SECRET: 'value of the x-api-key header set on the Clay HTTP API column',
  RB2B_WEBHOOK_SECRET: 'the ?secret= query parameter of the URL registered in RB2B',
  HEYREACH_WEBHOOK_SECRET: 'the ?secret= query parameter of the URL registered in HeyReach',
  GHL_WEBHOOK_PUBLIC_KEY: "GHL's published RSA public key (PEM) for x-wh-signature",
  GHL_WEBHOOK_ED25519_PUBLIC_KEY: "GHL's Ed25519 public key (PEM) for x-ghl-signature",
  INSTANTLY_STANDARD_WEBHOOK_SECRET: 'whsec_ secret(s) for Standard Webhooks signatures (same form for HEYREACH_, CLAY_, RB2B_, GHL_)',
  CLAY_COLUMN_MAP: 'JSON object overriding the Clay column mapping, e.g. {"email":"Work Email"}',
  CLAY_SOURCE_LABEL: 'source label of Clay leads without a source_label column (default clay)',
  CLAY_DEFAULT_TIER: 'tier of Clay leads without a tier column (default tier_2)',
  RB2B_SOURCE_LABEL: 'source label of RB2B visitors (default rb2b)',
  RB2B_DEFAULT_TIER: 'tier of RB2B visitors (default tier_2)',
} as const;

export interface WebhookConfigProblem {
  readonly variable: string;
  readonly message: string;
}

export interface WebhookSetup {
  readonly guard: WebhookGuard;
  readonly parse: ParseOptions;
}

type Env = Readonly<Record<string, string | undefined>>;

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const MIN_SECRET = 16;

/**
 * Builds the guard and parse options from environment variables, validating every
 * one; problems name their variable, and no problem ever echoes a secret.
 *
 * @category adapters
 */
export const webhookSetupFromEnv = (env: Env): Result<WebhookSetup, readonly WebhookConfigProblem[]> => {
  const problems: WebhookConfigProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!['true', 'false', '1', '0'].includes(raw)) problem(name, 'must be true or false');
    return raw === 'true' || raw === '1';
  };
  const secrets = (name: string): string[] => {
    const values = list(env[name]);
    if (values.some((v) => v.length < MIN_SECRET)) problem(name, `every secret must be at least ${MIN_SECRET} characters`);
    return values;
  };
  const tier = (name: string, fallback: Tier): Tier => {
    const raw = env[name];
    if (!raw) return fallback;
    if (!TIERS.includes(raw as Tier)) problem(name, `must be one of ${TIERS.join(', ')}`);
    return (TIERS.find((t) => t === raw) ?? fallback) as Tier;
  };

  const tolerance = Number(env.WEBHOOK_TOLERANCE_SECONDS ?? '300');
  if (!Number.isInteger(tolerance) || tolerance < 1 || tolerance > 3600) problem('WEBHOOK_TOLERANCE_SECONDS', 'must be a whole number of seconds from 1 to 3600');
  const bearer = secrets('WEBHOOK_BEARER_TOKEN');
  const authenticators: Partial<Record<WebhookProvider, Authenticator[]>> = {};
  const add = (provider: WebhookProvider, a: Authenticator) => (authenticators[provider] ??= []).push(a);

  const instantly = secrets('INSTANTLY_WEBHOOK_SECRET');
  if (instantly.length) add('instantly', sharedSecretHeader('x-webhook-secret', instantly));
  const clay = secrets('CLAY_WEBHOOK_SECRET');
  if (clay.length) add('clay', sharedSecretHeader('x-api-key', clay));
  if (bearer.length) {
    add('instantly', bearerToken(bearer));
    add('clay', bearerToken(bearer));
  }
  const rb2b = secrets('RB2B_WEBHOOK_SECRET');
  if (rb2b.length) add('rb2b', urlSecret('secret', rb2b));
  const heyreach = secrets('HEYREACH_WEBHOOK_SECRET');
  if (heyreach.length) add('heyreach', urlSecret('secret', heyreach));
  for (const [name, build] of [
    ['GHL_WEBHOOK_PUBLIC_KEY', ghlRsaSignature],
    ['GHL_WEBHOOK_ED25519_PUBLIC_KEY', ghlEd25519Signature],
  ] as const) {
    const pem = env[name];
    if (!pem) continue;
    try {
      add('ghl', build(pem.replace(/\\n/g, '\n')));
    } catch {
      problem(name, 'is not a readable public key (PEM)');
    }
  }
  for (const provider of ['instantly', 'heyreach', 'clay', 'rb2b', 'ghl'] as const) {
    const name = `${provider.toUpperCase()}_STANDARD_WEBHOOK_SECRET`;
    const values = list(env[name]);
    if (values.some((v) => decodeSecret(v).length < 24)) problem(name, 'every secret must be a whsec_ value of at least 24 random bytes');
    if (values.length) add(provider, standardWebhooks(values, tolerance));
  }

  let mapping: ClayColumnMapping = DEFAULT_CLAY_MAPPING;
  if (env.CLAY_COLUMN_MAP) {
    try {
      const override = z.record(z.string(), z.union([z.string().min(1), z.array(z.string())])).parse(JSON.parse(env.CLAY_COLUMN_MAP));
      const unknown = Object.keys(override).filter((k) => !(k in DEFAULT_CLAY_MAPPING));
      if (unknown.length) problem('CLAY_COLUMN_MAP', `unknown fields ${unknown.join(', ')}`);
      mapping = { ...DEFAULT_CLAY_MAPPING, ...override } as ClayColumnMapping;
    } catch {
      problem('CLAY_COLUMN_MAP', 'must be a JSON object of field name to column name');
    }
  }

  const strict = flag('WEBHOOK_SIGNATURE_REQUIRED', true);
  const allowlist = flag('HEYREACH_UNSIGNED_ALLOWLIST', false);
  const clayTier = tier('CLAY_DEFAULT_TIER', 'tier_2');
  const rb2bTier = tier('RB2B_DEFAULT_TIER', 'tier_2');
  if (problems.length) return err(problems);
  return ok({
    guard: new WebhookGuard({ strict, heyreachUnsignedAllowlist: allowlist, authenticators }),
    parse: {
      clay: { mapping, defaultSourceLabel: env.CLAY_SOURCE_LABEL?.trim() || 'clay', defaultTier: clayTier },
      rb2b: { sourceLabel: env.RB2B_SOURCE_LABEL?.trim() || 'rb2b', tier: rb2bTier },
      toleranceSeconds: tolerance,
    },
  });
};
