import type { ContactResolver, Lead, ResolvedContact, SendError } from '@caio/core';
import type { ProviderClient } from '@caio/provider-http';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { GHL_VERSIONS } from './ghl-client.js';

const contact = z.looseObject({ id: z.string().min(1) });
const duplicateReply = z.looseObject({ contact: contact.nullish() });
const upsertReply = z.looseObject({ new: z.boolean().optional(), contact });

/**
 * Finds the GHL contact of a lead: the duplicate search by e-mail first (it follows the
 * location's duplicate settings), then an upsert. Both calls are idempotent, so the
 * client may retry them; only the message send that follows may not be retried.
 *
 * @category adapters
 */
export class GhlContactResolver implements ContactResolver {
  constructor(
    private readonly client: ProviderClient,
    private readonly locationId: string,
  ) {}

  resolve(lead: Lead): ResultAsync<ResolvedContact, SendError> {
    const email = lead.identity.email;
    if (!email) return errAsync({ _tag: 'SendRejected', message: 'GHL: the lead has no e-mail address' });
    const headers = { version: GHL_VERSIONS.contacts };
    return this.client
      .request({ method: 'GET', path: '/contacts/search/duplicate', query: { locationId: this.locationId, email }, headers, idempotent: true, schema: duplicateReply })
      .andThen((found) =>
        found.contact
          ? okAsync({ contactId: found.contact.id, created: false })
          : this.client
              .request({
                method: 'POST',
                path: '/contacts/upsert',
                headers,
                idempotent: true,
                body: {
                  locationId: this.locationId,
                  email,
                  ...(lead.firstName ? { firstName: lead.firstName } : {}),
                  ...(lead.lastName ? { lastName: lead.lastName } : {}),
                  ...(lead.company ? { companyName: lead.company } : {}),
                  source: 'caio-outbound',
                },
                schema: upsertReply,
              })
              .map((reply) => ({ contactId: reply.contact.id, created: reply.new ?? false })),
      );
  }
}
