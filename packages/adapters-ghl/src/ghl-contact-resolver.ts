import type { ContactResolver, Lead, ResolvedContact, SendError } from '@caio/core';
import type { ProviderClient } from '@caio/provider-http';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { GHL_VERSIONS } from './ghl-client.js';

const contact = z.looseObject({ id: z.string().min(1) });
const duplicateReply = z.looseObject({ contact: contact.nullish() });
const upsertReply = z.looseObject({ new: z.boolean().optional(), contact });
/** `400 "This location does not allow duplicated contacts."` names the contact that exists. */
const duplicateContact = z.looseObject({ meta: z.looseObject({ contactId: z.string().min(1) }) });

/**
 * Finds the GHL contact of a lead: the duplicate search by e-mail first (it follows the
 * location's duplicate settings; the client encodes `+` as `%2B`), then an upsert. A
 * duplicate-contact 400 carrying `meta.contactId` is the contact. Both calls are
 * idempotent, so the client may retry their 5xx; only the message send may not be retried.
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
    return this.client
      .request({ method: 'GET', path: '/contacts/search/duplicate', query: { locationId: this.locationId, email }, headers: { version: GHL_VERSIONS.contacts }, idempotent: true, schema: duplicateReply })
      .andThen((found) => (found.contact ? okAsync({ contactId: found.contact.id, created: false }) : this.upsert(lead, email)));
  }

  /** Creates or updates the lead's contact, skipping the search (e.g. after GHL lost the one it found). */
  upsert(lead: Lead, email: string): ResultAsync<ResolvedContact, SendError> {
    return this.client
      .request({
        method: 'POST',
        path: '/contacts/upsert',
        headers: { version: GHL_VERSIONS.contacts },
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
        recover: (status, body) => {
          const duplicate = status === 400 ? duplicateContact.safeParse(body) : null;
          return duplicate?.success ? { new: false, contact: { id: duplicate.data.meta.contactId } } : undefined;
        },
      })
      .map((reply) => ({ contactId: reply.contact.id, created: reply.new ?? false }));
  }
}
