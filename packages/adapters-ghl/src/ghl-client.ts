import { ProviderClient, type ProviderClientOptions } from '@caio/provider-http';

export interface GhlOptions {
  /** GHL_API_TOKEN: a Private Integration Token or OAuth access token of the location. */
  readonly apiToken: string;
  /** GHL_LOCATION_ID. */
  readonly locationId: string;
  /** GHL_BASE_URL (default https://services.leadconnectorhq.com). */
  readonly baseUrl?: string;
  /** Client-side limit; GHL publishes 100 requests per 10 s per location. `false` disables it (benchmarks). */
  readonly rateLimit?: { limit: number; windowMs: number } | false;
  readonly timeouts?: Pick<ProviderClientOptions, 'connectTimeoutMs' | 'headersTimeoutMs' | 'bodyTimeoutMs'>;
  readonly maxAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly dispatcher?: ProviderClientOptions['dispatcher'];
}

/** The `Version` header GHL requires, per endpoint family. */
export const GHL_VERSIONS = { contacts: '2021-07-28', conversations: '2021-04-15' } as const;

/** @category adapters */
export const ghlClient = (options: GhlOptions): ProviderClient =>
  new ProviderClient({
    name: 'GHL',
    baseUrl: options.baseUrl ?? 'https://services.leadconnectorhq.com',
    headers: { authorization: `Bearer ${options.apiToken}` },
    rateLimits: options.rateLimit === false ? [] : [options.rateLimit ?? { limit: 100, windowMs: 10_000 }],
    ...(options.timeouts ?? {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.baseBackoffMs !== undefined ? { baseBackoffMs: options.baseBackoffMs } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
