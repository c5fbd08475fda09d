import { providerClient, type ProviderClient, type ProviderConnectionOptions, type RateWindow } from '@caio/provider-http';

export interface GhlOptions extends ProviderConnectionOptions {
  /** GHL_API_TOKEN: a Private Integration Token or OAuth access token of the location. */
  readonly apiToken: string;
  /** GHL_LOCATION_ID. */
  readonly locationId: string;
}

/** The `Version` header GHL requires, per endpoint family. */
export const GHL_VERSIONS = { contacts: '2021-07-28', conversations: '2021-04-15' } as const;

/**
 * GHL publishes 100 requests per 10 s per location, and 200,000 per day; the daily limit
 * is far above the send policy's daily cap and is not tracked client-side.
 *
 * @category adapters
 */
export const GHL_RATE_LIMITS: readonly RateWindow[] = [{ limit: 100, windowMs: 10_000 }];

/** The GHL v2 client: Bearer token, published limits unless overridden. @category adapters */
export const ghlClient = (options: GhlOptions): ProviderClient =>
  providerClient({ name: 'GHL', baseUrl: 'https://services.leadconnectorhq.com', headers: { authorization: `Bearer ${options.apiToken}` }, rateLimits: GHL_RATE_LIMITS }, options);
