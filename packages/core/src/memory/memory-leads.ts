import type { ResultAsync } from 'neverthrow';
import type { LeadId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { Lead } from '../lead/lead.js';
import type { LeadQuery, Leads } from '../ports/leads.js';
import type { Page } from '../ports/page.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { MemoryMachine } from './memory-machine.js';
import { resolveLead } from './memory-identity.js';
import { indexLeadIdentity } from './memory-state.js';
import { pageSorted } from './page.js';

/** The reference `Leads`: a lead write also points its identity keys at it; an alias id reads its survivor. */
export const memoryLeads = (m: MemoryMachine): Leads => ({
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError> {
    return m.frozen(() => resolveLead(m.state, id) ?? null);
  },

  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError> {
    return m.value(() => {
      // An index entry may still name a lead merged into another: each id stands for its survivor.
      const leads = keys.flatMap((k) => (m.state.identityIndex[k] === undefined ? [] : [resolveLead(m.state, m.state.identityIndex[k])]));
      const ids = [...new Set(leads.flatMap((l) => (l ? [l.id] : [])))];
      return ids.sort().map((id) => m.state.leads[id]!);
    });
  },

  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict> {
    return m.cas('lead', 'leads', lead.id, lead, expectedVersion, (written) => indexLeadIdentity(m.state, written));
  },

  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError> {
    return m.value(() => {
      const leads = m.state.leads;
      const ids = m.indexes.leads.list(query.sourceLabel === undefined ? 'all' : `label:${query.sourceLabel}`, leads);
      return pageSorted(ids, (id) => leads[id], query.limit, query.after);
    });
  },
});
