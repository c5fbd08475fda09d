import { ProviderClient, type ProviderClientOptions } from './provider-client.js';
import type { RateGate } from '@caio/core';
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
  /**
   * A rate gate shared by every instance (on Redis), built for the provider's published
   * limits (`rateGateFor(name, windows)`); without it each process paces itself alone.
   * Ignored when `rateLimits` is `false`.
   */
  readonly rateGate?: (provider: string, windows: readonly RateWindow[]) => RateGate;
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

export const providerClient = (defaults: ProviderDefaults, options: ProviderConnectionOptions): ProviderClient => {
  const rateLimits = options.rateLimits === false ? [] : (options.rateLimits ?? defaults.rateLimits);
  return new ProviderClient({
    name: defaults.name,
    baseUrl: options.baseUrl ?? defaults.baseUrl,
    headers: defaults.headers,
    rateLimits,
    ...(options.rateGate && rateLimits.length > 0 ? { rateGate: options.rateGate(defaults.name, rateLimits) } : {}),
    ...(options.timeouts ?? {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.baseBackoffMs !== undefined ? { baseBackoffMs: options.baseBackoffMs } : {}),
    ...(options.connections !== undefined ? { connections: options.connections } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
};
