import type { ResultAsync } from 'neverthrow';
import type { Lead } from '../lead/lead.js';
import { token } from '../shared/token.js';
import type { SendError } from './outbound-channel.js';

/** @category model */
export interface ResolvedContact {
  readonly contactId: string;
  readonly created: boolean;
}

/**
 * Finds the CRM contact for a lead (GHL: duplicate search by e-mail, then upsert).
 * Contact lookup and upsert are idempotent, so they may be retried; the message send
 * that follows may not.
 *
 * @category ports
 */
export interface ContactResolver {
  resolve(lead: Lead): ResultAsync<ResolvedContact, SendError>;
}
export const ContactResolver = token<ContactResolver>('ContactResolver');
