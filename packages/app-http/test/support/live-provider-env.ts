import type { FakeGhl, FakeHeyReach, FakeInstantly } from '@caio/testkit';

/** The environment of `SEND_MODE=live` pointed at the fake providers (credentials and base URLs). */
export const liveProviderEnv = (fakes: { ghl?: FakeGhl; instantly?: FakeInstantly; heyreach?: FakeHeyReach }): Record<string, string> => ({
  SEND_MODE: 'live',
  ...(fakes.ghl ? { GHL_API_TOKEN: fakes.ghl.token, GHL_LOCATION_ID: fakes.ghl.locationId, GHL_BASE_URL: fakes.ghl.baseUrl } : {}),
  ...(fakes.instantly ? { INSTANTLY_API_KEY: fakes.instantly.apiKey, INSTANTLY_BASE_URL: fakes.instantly.baseUrl } : {}),
  ...(fakes.heyreach ? { HEYREACH_API_KEY: fakes.heyreach.apiKey, HEYREACH_BASE_URL: fakes.heyreach.baseUrl } : {}),
});
