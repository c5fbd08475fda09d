import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { LeadId } from '../ids.js';
import type { Lead } from '../lead/lead.js';
import type { IdentityStore, LeadMergeRequest } from '../ports/identity-store.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import { applyLeadMerge, resolveLead } from './memory-identity.js';
import type { MemoryMachine } from './memory-machine.js';
import { clone } from './memory-state.js';

/** The reference `IdentityStore`: a merge is one step over leads, aliases and the key index. */
export const memoryIdentityStore = (m: MemoryMachine): IdentityStore => ({
  saveMergedLead(request: LeadMergeRequest): ResultAsync<Lead, StoreError | VersionConflict> {
    return m.run<Lead, VersionConflict>(() => {
      const result = applyLeadMerge(m.state, request);
      if ('_tag' in result) return errAsync(result);
      for (const id of [result.id, ...request.absorbed.map((a) => a.id)]) m.indexes.leadWritten(id, m.state.leads[id]);
      return okAsync(clone(result));
    });
  },

  resolveLeadId(id: LeadId): ResultAsync<LeadId | null, StoreError> {
    return m.value(() => resolveLead(m.state, id)?.id ?? null);
  },

  listAliases(survivor: LeadId): ResultAsync<readonly LeadId[], StoreError> {
    return m.value(() => Object.keys(m.state.aliases).filter((id) => m.state.aliases[id] === survivor).sort() as LeadId[]);
  },
});
