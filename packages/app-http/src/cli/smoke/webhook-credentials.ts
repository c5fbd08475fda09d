import {
  decodeSecret,
  DEFAULT_CLAY_HEADER,
  DEFAULT_INSTANTLY_HEADER,
  URL_SECRET_PARAMETER,
  WEBHOOK_CREDENTIAL_VARIABLES,
  type WEBHOOK_SETTING_VARIABLES,
} from '@caio/adapters-webhooks';
import { WEBHOOK_PROVIDERS, type WebhookProvider } from '@caio/core';

type Env = Readonly<Record<string, string | undefined>>;

/** A credential the smoke command can present the way the provider would. */
export type ProbeCredential =
  | { readonly scheme: 'shared_secret_header'; readonly variable: string; readonly header: string; readonly value: string }
  | { readonly scheme: 'bearer'; readonly variable: string; readonly value: string }
  | { readonly scheme: 'url_secret'; readonly variable: string; readonly parameter: string; readonly value: string }
  | { readonly scheme: 'standard_webhooks'; readonly variable: string; readonly value: string };

/** For one provider: the credential to probe with, or why there is none. */
export type ProviderProbeCredential =
  | { readonly _tag: 'Usable'; readonly credential: ProbeCredential }
  | { readonly _tag: 'None'; readonly reason: string };

// The header each shared secret travels in, configured the same way as in the app.
const SECRET_HEADER: Readonly<Partial<Record<WebhookProvider, readonly [keyof typeof WEBHOOK_SETTING_VARIABLES, string]>>> = {
  instantly: ['INSTANTLY_WEBHOOK_HEADER', DEFAULT_INSTANTLY_HEADER],
  clay: ['CLAY_WEBHOOK_HEADER', DEFAULT_CLAY_HEADER],
};

const set = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

// A credential variable holds a comma-separated list (rotation); any value is accepted, the first will do.
const firstValue = (raw: string): string => raw.split(',').map((s) => s.trim()).find(Boolean) ?? raw;

/**
 * The credential each provider is probed with, read from the same variables the app
 * reads (WEBHOOK_CREDENTIAL_VARIABLES, in its order). GHL's public keys verify
 * signatures only GHL can make, so they cannot be used for a probe. A Standard
 * Webhooks secret that is not base64 is a usage error, named by its variable.
 */
export const probeCredentialsFromEnv = (env: Env): { readonly credentials: Readonly<Record<WebhookProvider, ProviderProbeCredential>>; readonly problems: readonly string[] } => {
  const problems: string[] = [];
  const credentials = {} as Record<WebhookProvider, ProviderProbeCredential>;
  for (const provider of WEBHOOK_PROVIDERS) {
    const given = WEBHOOK_CREDENTIAL_VARIABLES.filter((v) => v.providers.includes(provider) && set(env, v.variable) !== undefined);
    let chosen: ProbeCredential | undefined;
    const unusable: string[] = [];
    for (const v of given) {
      if (chosen) break;
      const value = firstValue(set(env, v.variable)!);
      switch (v.scheme) {
        case 'shared_secret_header': {
          const [headerVariable, fallback] = SECRET_HEADER[provider] ?? ['', ''];
          const header = (set(env, headerVariable) ?? fallback).toLowerCase();
          if (header) chosen = { scheme: v.scheme, variable: v.variable, header, value };
          break;
        }
        case 'bearer':
          chosen = { scheme: v.scheme, variable: v.variable, value };
          break;
        case 'url_secret':
          chosen = { scheme: v.scheme, variable: v.variable, parameter: URL_SECRET_PARAMETER, value };
          break;
        case 'standard_webhooks':
          if (decodeSecret(value) === undefined) problems.push(`${v.variable}: must be whsec_ followed by base64`);
          else chosen = { scheme: v.scheme, variable: v.variable, value };
          break;
        case 'ghl_rsa':
        case 'ghl_ed25519':
          unusable.push(v.variable);
          break;
      }
    }
    credentials[provider] = chosen
      ? { _tag: 'Usable', credential: chosen }
      : {
          _tag: 'None',
          reason: unusable.length > 0
            ? `${unusable.join(', ')} only verifies GHL's own signatures; give GHL_STANDARD_WEBHOOK_SECRET to probe`
            : `no credential (${WEBHOOK_CREDENTIAL_VARIABLES.filter((v) => v.providers.includes(provider) && v.kind !== 'public_key').map((v) => v.variable).join(', ')})`,
        };
  }
  return { credentials, problems };
};
