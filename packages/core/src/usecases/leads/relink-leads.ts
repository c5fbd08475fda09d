import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { LeadId } from '../../ids.js';
import { sortKeys, type IdentityKey } from '../../lead/identity.js';
import { leadKeys, type Lead } from '../../lead/lead.js';
import { mergeSides, planLeadMerge, survivorOrder } from '../../lead/lead-merge.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { collectPages, REPORT_PAGE_SIZE } from '../reports/collect-pages.js';
import { audit } from '../support/audit.js';
import type { CoreDeps } from '../support/core-deps.js';

/** Stored leads that are one person (they share keys, directly or through each other). */
export interface RelinkGroup {
  readonly survivor: LeadId;
  readonly absorbed: readonly LeadId[];
  readonly keys: readonly IdentityKey[];
}

/**
 * Groups leads into people: a union-find over the leads, joined whenever two hold the
 * same key. Only groups of more than one lead are returned (the split identities that
 * versions before identity merges left behind), survivor first (the oldest).
 */
export const planRelink = (leads: readonly Lead[]): RelinkGroup[] => {
  const parent = leads.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  leads.forEach((lead, i) => {
    for (const key of leadKeys(lead)) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  const groups = new Map<number, Lead[]>();
  leads.forEach((lead, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), lead]));
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => [...g].sort(survivorOrder))
    .map(([survivor, ...absorbed]) => ({ survivor: survivor!.id, absorbed: absorbed.map((l) => l.id), keys: sortKeys([survivor!, ...absorbed].flatMap((l) => leadKeys(l))) }))
    .sort((a, b) => (a.survivor < b.survivor ? -1 : 1));
};

export interface RelinkResult {
  readonly leads: number;
  readonly groups: readonly RelinkGroup[];
  readonly applied: boolean;
}

const mergeGroup = (deps: Pick<CoreDeps, 'store' | 'ids'>, keys: readonly IdentityKey[], at: string, trace: TraceEnvelope, attempt = 1): ResultAsync<void, StoreError | VersionConflict> =>
  deps.store.findLeadsByKeys(keys).andThen((found) => {
    const sorted = [...found].sort(survivorOrder);
    if (sorted.length < 2) return okAsync(undefined);
    // The survivor is folded with every other lead; no new observation comes in.
    const plan = planLeadMerge(sorted[0]!, sorted, at);
    return deps.store
      .saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) })
      .andThen((lead) => audit(deps, trace, 'lead.relinked', { leadId: lead.id }, { ...mergeSides(lead, plan.absorbed), ...(plan.conflicts.length > 0 ? { conflicts: plan.conflicts } : {}) }))
      .orElse((e) => (e._tag === 'VersionConflict' && attempt < 3 ? mergeGroup(deps, keys, at, trace, attempt + 1) : errAsync(e)));
  });

/**
 * `caio leads relink`: finds stored leads that are one person but were never merged
 * (stores written before identity merges) and, with `apply`, merges each group into its
 * oldest lead exactly as an import that bridged them would (aliases, fuller fields,
 * audited as `lead.relinked`). Without `apply` it only reports.
 *
 * @category model
 */
export const relinkLeads = (deps: Pick<CoreDeps, 'store' | 'ids'>, command: { readonly apply: boolean; readonly trace: TraceEnvelope }): ResultAsync<RelinkResult, StoreError | VersionConflict> =>
  collectPages((after) => deps.store.listLeads({ limit: REPORT_PAGE_SIZE, ...(after ? { after } : {}) })).andThen((leads) => {
    const groups = planRelink(leads);
    if (!command.apply) return okAsync({ leads: leads.length, groups, applied: false });
    const step = (i: number): ResultAsync<void, StoreError | VersionConflict> => {
      const group = groups[i];
      return group ? mergeGroup(deps, group.keys, command.trace.at, command.trace).andThen(() => step(i + 1)) : okAsync(undefined);
    };
    return step(0).map(() => ({ leads: leads.length, groups, applied: true }));
  });
