import type { ContactResolver, Lead, ResolvedContact, SendError } from '@caio/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';

/**
 * A CRM in memory: one contact per e-mail, created on first resolve (the reference for
 * `ContactResolver`). `resolved` lists every lookup, for assertions.
 *
 * @category testing
 */
export class InMemoryContactResolver implements ContactResolver {
  readonly contacts = new Map<string, string>();
  readonly resolved: string[] = [];

  resolve(lead: Lead): ResultAsync<ResolvedContact, SendError> {
    const email = lead.identity.email;
    if (!email) return errAsync({ _tag: 'SendRejected', message: 'the lead has no e-mail address' });
    this.resolved.push(email);
    const existing = this.contacts.get(email);
    if (existing) return okAsync({ contactId: existing, created: false });
    const contactId = `contact_${this.contacts.size + 1}`;
    this.contacts.set(email, contactId);
    return okAsync({ contactId, created: true });
  }
}
