import { WEBHOOK_PROVIDERS, type WebhookProvider } from '@caio/core';
import type { AuthScheme } from './verify/authenticator.js';

/**
 * One credential variable: which providers it authenticates, with which scheme, and
 * where the provider puts the credential. Every credential variable takes a
 * comma-separated list (several values during a rotation).
 *
 * @category adapters
 */
export interface WebhookCredentialVariable {
  readonly variable: string;
  readonly providers: readonly WebhookProvider[];
  readonly scheme: AuthScheme;
  /** Header or query parameter carrying the credential, when the scheme has one. */
  readonly carrier: string;
  /** `secret`: opaque (>= 16 characters); `whsec`: base64 of >= 24 bytes; `public_key`: PEM. */
  readonly kind: 'secret' | 'whsec' | 'public_key';
  readonly description: string;
  /** The value used when the variable is unset (a provider's published public key only; never a secret). */
  readonly default?: string;
}

/**
 * GoHighLevel's published Ed25519 webhook key (base64 SPKI), the default of
 * GHL_WEBHOOK_ED25519_PUBLIC_KEY. Since 2026-07-01 GHL signs webhooks only with it, in
 * `X-GHL-Signature`; the RSA `x-wh-signature` is legacy.
 */
export const GHL_PUBLISHED_ED25519_PUBLIC_KEY = 'MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=';

/** Default header names of the shared-secret headers (each overridable, see WEBHOOK_SETTING_VARIABLES). */
export const DEFAULT_INSTANTLY_HEADER = 'x-webhook-secret';
export const DEFAULT_CLAY_HEADER = 'x-api-key';
/** Query parameter of URL secrets. */
export const URL_SECRET_PARAMETER = 'secret';

/**
 * Every credential variable and the authenticator it becomes (pure data, so the app
 * and the docs can list them). A provider with several configured variables accepts
 * any of them.
 *
 * @category adapters
 */
export const WEBHOOK_CREDENTIAL_VARIABLES: readonly WebhookCredentialVariable[] = [
  { variable: 'INSTANTLY_WEBHOOK_SECRET', providers: ['instantly'], scheme: 'shared_secret_header', carrier: 'INSTANTLY_WEBHOOK_HEADER (default x-webhook-secret)', kind: 'secret', description: 'value of the custom header set on the Instantly webhook' },
  { variable: 'CLAY_WEBHOOK_SECRET', providers: ['clay'], scheme: 'shared_secret_header', carrier: 'CLAY_WEBHOOK_HEADER (default x-api-key)', kind: 'secret', description: 'value of the header set on the Clay HTTP API column' },
  { variable: 'WEBHOOK_BEARER_TOKEN', providers: ['instantly', 'clay'], scheme: 'bearer', carrier: 'Authorization: Bearer', kind: 'secret', description: 'a bearer token accepted for Instantly and Clay' },
  { variable: 'RB2B_WEBHOOK_SECRET', providers: ['rb2b'], scheme: 'url_secret', carrier: `?${URL_SECRET_PARAMETER}=`, kind: 'secret', description: 'query secret of the URL registered in RB2B (RB2B cannot send headers)' },
  { variable: 'HEYREACH_WEBHOOK_SECRET', providers: ['heyreach'], scheme: 'url_secret', carrier: `?${URL_SECRET_PARAMETER}=`, kind: 'secret', description: 'query secret of the URL registered in HeyReach (HeyReach does not sign)' },
  { variable: 'GHL_WEBHOOK_ED25519_PUBLIC_KEY', providers: ['ghl'], scheme: 'ghl_ed25519', carrier: 'x-ghl-signature', kind: 'public_key', description: "GHL's published Ed25519 public key (PEM or base64 SPKI; \\n escapes allowed); default: the key GHL publishes", default: GHL_PUBLISHED_ED25519_PUBLIC_KEY },
  { variable: 'GHL_WEBHOOK_PUBLIC_KEY', providers: ['ghl'], scheme: 'ghl_rsa', carrier: 'x-wh-signature', kind: 'public_key', description: "legacy: GHL's published RSA public key (PEM; \\n escapes allowed), for deliveries still signed with x-wh-signature" },
  ...WEBHOOK_PROVIDERS.map(
    (provider): WebhookCredentialVariable => ({
      variable: `${provider.toUpperCase()}_STANDARD_WEBHOOK_SECRET`,
      providers: [provider],
      scheme: 'standard_webhooks',
      carrier: 'webhook-id, webhook-timestamp, webhook-signature',
      kind: 'whsec',
      description: `whsec_ secret for Standard Webhooks signatures from ${provider}`,
    }),
  ),
];

/**
 * The non-credential variables of the inbound side, with their defaults.
 *
 * @category adapters
 */
export const WEBHOOK_SETTING_VARIABLES = {
  WEBHOOK_SIGNATURE_REQUIRED: 'true (default): a provider without an authenticator refuses every request; false: it accepts them, reported as permissive',
  HEYREACH_UNSIGNED_ALLOWLIST: 'true: accept unauthenticated HeyReach deliveries in strict mode, reported as unsigned_allowlisted (default false)',
  WEBHOOK_TOLERANCE_SECONDS: 'tolerance of signed timestamps (Standard Webhooks, GHL), both directions, 1..3600 (default 300)',
  INSTANTLY_WEBHOOK_HEADER: `header carrying INSTANTLY_WEBHOOK_SECRET (default ${DEFAULT_INSTANTLY_HEADER})`,
  CLAY_WEBHOOK_HEADER: `header carrying CLAY_WEBHOOK_SECRET (default ${DEFAULT_CLAY_HEADER})`,
  CLAY_COLUMN_MAP: 'JSON object overriding Clay column names, e.g. {"email":"Work Email","signals":["industry"]}',
  CLAY_SOURCE_LABEL: 'source label of Clay leads without a source_label column (default clay)',
  CLAY_DEFAULT_TIER: 'tier of Clay leads without a recognisable tier column (default tier_2)',
  RB2B_SOURCE_LABEL: 'source label of RB2B visitors (default rb2b)',
  RB2B_DEFAULT_TIER: 'tier of RB2B visitors (default tier_2)',
} as const;
