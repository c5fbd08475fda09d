import { providerClient, type ProviderClient, type ProviderConnectionOptions } from '@caio/provider-http';

export interface GhlOptions extends ProviderConnectionOptions {
  /** GHL_API_TOKEN: a Private Integration Token or OAuth access token of the location. */
  readonly apiToken: string;
  /** GHL_LOCATION_ID. */
  readonly locationId: string;
}

/** The `Version` header GHL requires, per endpoint family. */
export const GHL_VERSIONS = { contacts: '2021-07-28', conversations: '2021-04-15' } as const;

/** GHL publishes 100 requests per 10 s per location (and 200,000 per day). @category adapters */
export const ghlClient = (options: GhlOptions): ProviderClient =>
  providerClient({ name: 'GHL', baseUrl: 'https://services.leadconnectorhq.com', headers: { authorization: `Bearer ${options.apiToken}` }, rateLimits: [{ limit: 100, windowMs: 10_000 }] }, options);
