import type { ResultAsync } from 'neverthrow';
import type { LeadId } from '../ids.js';
import type { ErasurePlan } from '../lead/erasure.js';
import type { Lead } from '../lead/lead.js';
import type { ErasureReport, ErasureStore } from '../ports/erasure-store.js';
import type { IdentityStore, LeadMergeRequest } from '../ports/identity-store.js';
import type { Page } from '../ports/page.js';
import type { StoreError, VersionConflict } from '../ports/store-error.js';
import type { SuppressionList, SuppressionQuery } from '../ports/suppression-list.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { DualRouter } from './dual-router.js';

/** `IdentityStore` over two stores: reads compared, merges mirrored (see `DualRouter`). */
export const dualIdentityStore = (d: DualRouter): IdentityStore => ({
  saveMergedLead(request: LeadMergeRequest): ResultAsync<Lead, StoreError | VersionConflict> {
    return d.write('saveMergedLead', [`lead:${request.lead.id}`, ...request.absorbed.map((a) => `lead-alias:${a.id}`)], (s) => s.saveMergedLead(request));
  },
  resolveLeadId(id: LeadId): ResultAsync<LeadId | null, StoreError> {
    return d.read('resolveLeadId', [`lead-alias:${id}`], (s) => s.resolveLeadId(id));
  },
  listAliases(survivor: LeadId): ResultAsync<readonly LeadId[], StoreError> {
    return d.read('listAliases', [`lead-aliases:${survivor}`], (s) => s.listAliases(survivor));
  },
});

/** `SuppressionList` over two stores: reads compared, removals mirrored. */
export const dualSuppressionList = (d: DualRouter): SuppressionList => ({
  listSuppressions(query: SuppressionQuery): ResultAsync<Page<Suppression>, StoreError> {
    return d.read('listSuppressions', [`suppressions:${canonicalJson(query)}`], (s) => s.listSuppressions(query));
  },
  removeSuppression(target: SuppressionTarget): ResultAsync<Suppression | null, StoreError> {
    return d.write('removeSuppression', [`suppression:${target}`], (s) => s.removeSuppression(target));
  },
});

/** `ErasureStore` over two stores: both must forget the person, whatever the write mode (an erasure is never partial on purpose). */
export const dualErasure = (d: DualRouter): ErasureStore => ({
  erasePerson(plan: ErasurePlan): ResultAsync<ErasureReport, StoreError> {
    return d.primary.erasePerson(plan).andThen((report) => d.secondary.erasePerson(plan).map(() => report));
  },
});
