import { ProviderClient, type ProviderClientOptions } from './provider-client.js';
import type { RateWindow } from './rate-limiter.js';

/**
 * What every provider adapter lets its user set about the connection, on top of its
 * credentials: base URL (tests point it at the fakes), timeouts, retry bound and backoff,
 * connections, an injected dispatcher, and the rate limits (`false` disables them, for
 * benchmarks against a fake).
 *
 * @category adapters
 */
export interface ProviderConnectionOptions {
  readonly baseUrl?: string;
  readonly rateLimits?: readonly RateWindow[] | false;
  readonly timeouts?: Pick<ProviderClientOptions, 'connectTimeoutMs' | 'headersTimeoutMs' | 'bodyTimeoutMs'>;
  readonly maxAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly connections?: number;
  readonly dispatcher?: ProviderClientOptions['dispatcher'];
}

/** A provider's defaults: its name, production URL, auth headers and published limits. */
export interface ProviderDefaults {
  readonly name: string;
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rateLimits: readonly RateWindow[];
}

export const providerClient = (defaults: ProviderDefaults, options: ProviderConnectionOptions): ProviderClient =>
  new ProviderClient({
    name: defaults.name,
    baseUrl: options.baseUrl ?? defaults.baseUrl,
    headers: defaults.headers,
    rateLimits: options.rateLimits === false ? [] : (options.rateLimits ?? defaults.rateLimits),
    ...(options.timeouts ?? {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.baseBackoffMs !== undefined ? { baseBackoffMs: options.baseBackoffMs } : {}),
    ...(options.connections !== undefined ? { connections: options.connections } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
