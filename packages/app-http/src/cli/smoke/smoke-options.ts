import type { WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { parseArgs } from 'node:util';
import { probeCredentialsFromEnv, type ProviderProbeCredential } from './webhook-credentials.js';

/** Everything one smoke run needs, validated. */
export interface SmokeOptions {
  readonly baseUrl: URL;
  readonly token: string;
  readonly expectWebhookRequired: boolean;
  readonly expectQueryTokenEnabled: boolean;
  readonly allowedOrigin: string | undefined;
  readonly timeoutMs: number;
  readonly json: boolean;
  readonly webhookCredentials: Readonly<Record<WebhookProvider, ProviderProbeCredential>>;
}

export const TOKEN_VARIABLE = 'CAIO_DASHBOARD_TOKEN';
export const DEFAULT_TIMEOUT_MS = 5_000;

const booleanOption = (name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean => {
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  problems.push(`--${name} must be true or false`);
  return fallback;
};

const httpUrl = (raw: string | undefined, problems: string[]): URL | undefined => {
  if (!raw) {
    problems.push('--base-url is required');
    return undefined;
  }
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      if (url.search || url.hash || url.username || url.password) problems.push('--base-url must have no query, fragment or credentials');
      return url;
    }
  } catch {
    // reported below
  }
  problems.push('--base-url must be an http:// or https:// URL');
  return undefined;
};

const originOption = (raw: string | undefined, problems: string[]): string | undefined => {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === raw.replace(/\/$/, '')) return url.origin;
  } catch {
    // reported below
  }
  problems.push('--allowed-origin must be an origin such as https://ops.example.com (no path)');
  return undefined;
};

/**
 * Reads the arguments and the environment. Unknown options throw (parseArgs), which
 * the dispatcher turns into a usage error; every other problem is listed, none repeats
 * a secret.
 */
export const parseSmokeOptions = (args: readonly string[], env: Readonly<Record<string, string | undefined>>): Result<SmokeOptions, readonly string[]> => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'base-url': { type: 'string' },
      'expect-webhook-required': { type: 'string' },
      'expect-query-token-enabled': { type: 'string' },
      'allowed-origin': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const problems: string[] = [];
  const baseUrl = httpUrl(values['base-url'], problems);
  const token = env[TOKEN_VARIABLE]?.trim();
  if (!token) problems.push(`${TOKEN_VARIABLE} must hold the dashboard token`);
  const expectWebhookRequired = booleanOption('expect-webhook-required', values['expect-webhook-required'], true, problems);
  const expectQueryTokenEnabled = booleanOption('expect-query-token-enabled', values['expect-query-token-enabled'], false, problems);
  const allowedOrigin = originOption(values['allowed-origin'], problems);
  const timeoutMs = values['timeout-ms'] === undefined ? DEFAULT_TIMEOUT_MS : Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000) problems.push('--timeout-ms must be a whole number of milliseconds from 100 to 60000');
  const webhooks = probeCredentialsFromEnv(env);
  problems.push(...webhooks.problems);
  if (problems.length > 0 || !baseUrl || !token) return err(problems);
  return ok({ baseUrl, token, expectWebhookRequired, expectQueryTokenEnabled, allowedOrigin, timeoutMs, json: values.json ?? false, webhookCredentials: webhooks.credentials });
};
