import type { SendError } from '@caio/core';
import type { ProviderClient } from '@caio/provider-http';
import type { ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { GHL_VERSIONS } from './ghl-client.js';

/** An address no contact has: the check reads, it never finds or changes anyone. */
const PROBE_EMAIL = 'credential-check@caio.invalid';

/**
 * A cheap authenticated read for the location: the duplicate-contact search the channel
 * uses anyway (scope `contacts.readonly`), for an address nobody has. A revoked token, or
 * one of another location, is refused with 401/403 here, where a send might get GHL's 500.
 *
 * @category adapters
 */
export const checkGhlCredentials = (client: ProviderClient, locationId: string): ResultAsync<void, SendError> =>
  client
    .request({ method: 'GET', path: '/contacts/search/duplicate', query: { locationId, email: PROBE_EMAIL }, headers: { version: GHL_VERSIONS.contacts }, idempotent: true, schema: z.looseObject({}) })
    .map(() => undefined);
