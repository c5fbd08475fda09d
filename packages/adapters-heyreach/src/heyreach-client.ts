import { providerClient, type ProviderClient, type ProviderConnectionOptions, type RateWindow } from '@caio/provider-http';

export interface HeyReachOptions extends ProviderConnectionOptions {
  /** HEYREACH_API_KEY. */
  readonly apiKey: string;
}

/** HeyReach publishes 300 requests per minute. @category adapters */
export const HEYREACH_RATE_LIMITS: readonly RateWindow[] = [{ limit: 300, windowMs: 60_000 }];

/** The HeyReach public API client: `X-API-KEY`, published limit unless overridden. @category adapters */
export const heyReachClient = (options: HeyReachOptions): ProviderClient =>
  providerClient({ name: 'HeyReach', baseUrl: 'https://api.heyreach.io/api/public', headers: { 'x-api-key': options.apiKey }, rateLimits: HEYREACH_RATE_LIMITS }, options);
