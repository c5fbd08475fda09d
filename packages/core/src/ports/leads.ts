import type { ResultAsync } from 'neverthrow';
import type { LeadId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { Lead } from '../lead/lead.js';
import { token } from '../shared/token.js';
import type { Page } from './page.js';
import type { StoreError, VersionConflict } from './store-error.js';

export interface LeadQuery {
  readonly sourceLabel?: string;
  readonly limit?: number;
  readonly after?: string;
}

/**
 * The leads, with their identity keys indexed so a lead can be found by any of them.
 * `putLead` is compare-and-set on `version` (`null` to create); it writes the lead and
 * its identity index entries in one atomic step.
 *
 * @category ports
 */
export interface Leads {
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError>;
  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError>;
  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict>;
  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError>;
}
export const Leads = token<Leads>('Leads');
