import type { LeadId } from '../ids.js';
import { identityConflicts, leadKeys, mergeLead, type IdentityConflict, type Lead } from './lead.js';

/** The oldest lead survives a merge (then the lowest id): the same answer on every store and every retry. */
export const survivorOrder = (a: Pick<Lead, 'id' | 'createdAt'>, b: Pick<Lead, 'id' | 'createdAt'>): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * What a record does to the stored leads it shares keys with: the lead to store (the
 * survivor with every observation folded in), the version it was read at (`null`: a new
 * lead), and the leads it absorbs (each becomes an alias of the survivor).
 *
 * @category model
 */
export interface LeadMergePlan {
  readonly lead: Lead;
  readonly expectedVersion: number | null;
  readonly absorbed: readonly Lead[];
  readonly conflicts: readonly IdentityConflict[];
}

/**
 * Plans the merge of `candidate` (a new observation, not stored) with every stored lead
 * that shares a key with it. The survivor is the oldest stored lead; the others are
 * folded into it oldest first, then the candidate, so each field ends with the fuller,
 * newer value (`mergeLead`). With no stored lead the candidate is created as it is.
 */
export const planLeadMerge = (candidate: Lead, existing: readonly Lead[], at: string): LeadMergePlan => {
  const sorted = [...new Map(existing.map((l) => [l.id, l])).values()].sort(survivorOrder);
  const [survivor, ...absorbed] = sorted;
  if (!survivor) return { lead: candidate, expectedVersion: null, absorbed: [], conflicts: identityConflicts(candidate) };
  const folded = [...absorbed, candidate].reduce((acc, next) => ({ ...mergeLead(acc, next, at), version: acc.version }), survivor);
  const lead: Lead = { ...folded, version: survivor.version + 1, updatedAt: at };
  return { lead, expectedVersion: survivor.version, absorbed, conflicts: identityConflicts(lead) };
};

/** The keys each side brought into a merge (what the merge's audit entry names). */
export const mergeSides = (
  survivor: Lead,
  absorbed: readonly Lead[],
): { readonly survivor: { readonly id: LeadId; readonly keys: readonly string[] }; readonly absorbed: readonly { readonly id: LeadId; readonly keys: readonly string[] }[] } => ({
  survivor: { id: survivor.id, keys: leadKeys(survivor) },
  absorbed: absorbed.map((l) => ({ id: l.id, keys: leadKeys(l) })),
});
