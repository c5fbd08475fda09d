import { providerClient, type ProviderClient, type ProviderConnectionOptions, type RateWindow } from '@caio/provider-http';

export interface InstantlyOptions extends ProviderConnectionOptions {
  /** INSTANTLY_API_KEY (v2 key with leads:create and campaigns:read). */
  readonly apiKey: string;
}

/** Instantly publishes 100 requests/s and 6,000/min per workspace, shared by all keys. @category adapters */
export const INSTANTLY_RATE_LIMITS: readonly RateWindow[] = [
  { limit: 100, windowMs: 1_000 },
  { limit: 6_000, windowMs: 60_000 },
];

/** The Instantly API v2 client: Bearer key, published limits unless overridden. @category adapters */
export const instantlyClient = (options: InstantlyOptions): ProviderClient =>
  providerClient({ name: 'Instantly', baseUrl: 'https://api.instantly.ai/api/v2', headers: { authorization: `Bearer ${options.apiKey}` }, rateLimits: INSTANTLY_RATE_LIMITS }, options);
