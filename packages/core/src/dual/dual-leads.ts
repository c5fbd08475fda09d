import type { ResultAsync } from 'neverthrow';
import type { LeadId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { Lead } from '../lead/lead.js';
import type { LeadQuery, Leads } from '../ports/leads.js';
import type { Page } from '../ports/page.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { DualRouter } from './dual-router.js';

/** `Leads` over two stores: reads compared, writes mirrored (see `DualRouter`). */
export const dualLeads = (d: DualRouter): Leads => ({
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError> {
    return d.read('getLead', [`lead:${id}`], (s) => s.getLead(id));
  },
  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError> {
    return d.read('findLeadsByKeys', keys.map((k) => `lead-key:${k}`), (s) => s.findLeadsByKeys(keys));
  },
  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict> {
    return d.write('putLead', [`lead:${lead.id}`], (s) => s.putLead(lead, expectedVersion));
  },
  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError> {
    return d.read('listLeads', [`leads:${canonicalJson(query)}`], (s) => s.listLeads(query));
  },
});
