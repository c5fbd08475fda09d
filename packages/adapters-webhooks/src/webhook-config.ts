import { TIERS, type WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { DEFAULT_CLAY_MAPPING, type ClayColumnMapping } from './parse/clay.js';
import type { ParseOptions } from './receive-webhook.js';
import type { Authenticator } from './verify/authenticator.js';
import { bearerToken } from './verify/bearer-token.js';
import { ghlEd25519Signature, ghlRsaSignature, loadPublicKey } from './verify/ghl-signature.js';
import { sharedSecretHeader } from './verify/shared-secret-header.js';
import { decodeSecret, DEFAULT_TOLERANCE_SECONDS, standardWebhooks } from './verify/standard-webhooks.js';
import { urlSecret } from './verify/url-secret.js';
import { WebhookGuard } from './webhook-guard.js';
import { DEFAULT_CLAY_HEADER, DEFAULT_INSTANTLY_HEADER, URL_SECRET_PARAMETER, WEBHOOK_CREDENTIAL_VARIABLES, type WebhookCredentialVariable } from './webhook-env.js';

/** A configuration problem, named by its variable; the message never repeats a value. @category errors */
export interface WebhookConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Everything the HTTP app needs to receive webhooks. @category adapters */
export interface WebhookSetup {
  readonly guard: WebhookGuard;
  readonly parse: ParseOptions;
}

const MIN_SECRET_LENGTH = 16;
const MIN_WHSEC_BYTES = 24;

// An empty or blank variable is unset (shells and .env files produce them easily).
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const commaList = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const flag = (fallback: boolean) => optional(z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' })).transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));
const label = (fallback: string) => optional(z.string().trim().min(1).max(64, 'must be at most 64 characters')).transform((v) => v ?? fallback);
const tier = optional(z.enum(TIERS, { message: `must be one of ${TIERS.join(', ')}` })).transform((v) => v ?? 'tier_2');
const headerName = (fallback: string) => optional(z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name')).transform((v) => (v ?? fallback).toLowerCase());

const clayColumns = z.strictObject({
  email: z.string().min(1).optional(),
  linkedinUrl: z.string().min(1).optional(),
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  company: z.string().min(1).optional(),
  companyDomain: z.string().min(1).optional(),
  timezone: z.string().min(1).optional(),
  tier: z.string().min(1).optional(),
  sourceLabel: z.string().min(1).optional(),
  signals: z.array(z.string().min(1)).optional(),
});
const clayColumnMap = optional(
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(clayColumns),
);

const settingsSchema = z.object({
  WEBHOOK_SIGNATURE_REQUIRED: flag(true),
  HEYREACH_UNSIGNED_ALLOWLIST: flag(false),
  WEBHOOK_TOLERANCE_SECONDS: optional(z.string().regex(/^\d{1,4}$/, 'must be whole seconds').transform(Number).pipe(z.number().min(1).max(3600, 'must be at most 3600'))).transform((v) => v ?? DEFAULT_TOLERANCE_SECONDS),
  INSTANTLY_WEBHOOK_HEADER: headerName(DEFAULT_INSTANTLY_HEADER),
  CLAY_WEBHOOK_HEADER: headerName(DEFAULT_CLAY_HEADER),
  CLAY_COLUMN_MAP: clayColumnMap,
  CLAY_SOURCE_LABEL: label('clay'),
  CLAY_DEFAULT_TIER: tier,
  RB2B_SOURCE_LABEL: label('rb2b'),
  RB2B_DEFAULT_TIER: tier,
});

const credentialSchema = (v: WebhookCredentialVariable): z.ZodType<readonly string[]> => {
  switch (v.kind) {
    case 'secret':
      return commaList.pipe(z.array(z.string().min(MIN_SECRET_LENGTH, `every value must be at least ${MIN_SECRET_LENGTH} characters`)));
    case 'whsec':
      return commaList.pipe(z.array(z.string().refine((s) => (decodeSecret(s)?.length ?? 0) >= MIN_WHSEC_BYTES, `every value must be whsec_ followed by base64 of at least ${MIN_WHSEC_BYTES} random bytes`)));
    case 'public_key':
      // One key per variable: GHL publishes one; a PEM holds commas in no place we could split on.
      return z.string().refine(
        (pem) => {
          try {
            loadPublicKey(pem, v.scheme === 'ghl_rsa' ? 'rsa' : 'ed25519');
            return true;
          } catch {
            return false;
          }
        },
        `must be a PEM ${v.scheme === 'ghl_rsa' ? 'RSA' : 'Ed25519'} public key`,
      ).transform((pem) => [pem]);
  }
};

const credentialsSchema = z.object(Object.fromEntries(WEBHOOK_CREDENTIAL_VARIABLES.map((v) => [v.variable, optional(credentialSchema(v))])));

const authenticatorFor = (v: WebhookCredentialVariable, values: readonly string[], settings: z.infer<typeof settingsSchema>): Authenticator => {
  const tolerance = settings.WEBHOOK_TOLERANCE_SECONDS;
  switch (v.scheme) {
    case 'shared_secret_header':
      return sharedSecretHeader(v.providers.includes('clay') ? settings.CLAY_WEBHOOK_HEADER : settings.INSTANTLY_WEBHOOK_HEADER, values);
    case 'bearer':
      return bearerToken(values);
    case 'url_secret':
      return urlSecret(URL_SECRET_PARAMETER, values);
    case 'standard_webhooks':
      return standardWebhooks(values, tolerance);
    case 'ghl_rsa':
      return ghlRsaSignature(values[0]!, tolerance);
    case 'ghl_ed25519':
      return ghlEd25519Signature(values[0]!, tolerance);
  }
};

/** The default columns with the overrides that are set. */
const clayMapping = (overrides: Readonly<Record<string, string | readonly string[] | undefined>> | undefined): ClayColumnMapping => ({
  ...DEFAULT_CLAY_MAPPING,
  ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)),
});

const problemsOf = (error: z.ZodError): WebhookConfigProblem[] => error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message }));

/**
 * Builds the guard and the parse options from environment variables (a plain object,
 * validated with zod). Every problem names its variable and none repeats a value, so
 * they can be printed at start-up. Which variable becomes which authenticator is the
 * data in WEBHOOK_CREDENTIAL_VARIABLES.
 *
 * @category adapters
 */
export const webhookSetupFromEnv = (env: Readonly<Record<string, string | undefined>>): Result<WebhookSetup, readonly WebhookConfigProblem[]> => {
  const settings = settingsSchema.safeParse(env);
  const credentials = credentialsSchema.safeParse(env);
  if (!settings.success || !credentials.success) return err([...(settings.error ? problemsOf(settings.error) : []), ...(credentials.error ? problemsOf(credentials.error) : [])]);
  const s = settings.data;
  const authenticators: Partial<Record<WebhookProvider, Authenticator[]>> = {};
  for (const variable of WEBHOOK_CREDENTIAL_VARIABLES) {
    const values = (credentials.data[variable.variable] as readonly string[] | undefined) ?? (variable.default === undefined ? undefined : [variable.default]);
    if (!values || values.length === 0) continue;
    for (const provider of variable.providers) (authenticators[provider] ??= []).push(authenticatorFor(variable, values, s));
  }
  return ok({
    guard: new WebhookGuard({ strict: s.WEBHOOK_SIGNATURE_REQUIRED, heyreachUnsignedAllowlist: s.HEYREACH_UNSIGNED_ALLOWLIST, authenticators }),
    parse: {
      clay: { mapping: clayMapping(s.CLAY_COLUMN_MAP), defaultSourceLabel: s.CLAY_SOURCE_LABEL, defaultTier: s.CLAY_DEFAULT_TIER },
      rb2b: { sourceLabel: s.RB2B_SOURCE_LABEL, tier: s.RB2B_DEFAULT_TIER },
    },
  });
};
