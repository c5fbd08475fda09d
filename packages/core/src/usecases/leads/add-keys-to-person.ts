import { okAsync, type ResultAsync } from 'neverthrow';
import type { IdentityKey } from '../../lead/identity.js';
import { leadKeys, type Lead } from '../../lead/lead.js';
import { planLeadMerge } from '../../lead/lead-merge.js';
import type { IdentityStore } from '../../ports/identity-store.js';
import type { Leads } from '../../ports/leads.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';

/** What adding keys to a person did: the survivor as stored, and the leads it absorbed. */
export interface KeysAdded {
  readonly saved: Lead;
  readonly absorbed: readonly Lead[];
}

/**
 * Adds identity keys to the person `lead` is: the lead gains them, and every stored lead
 * that holds any of its keys, the new ones or `alsoMatching` is merged with it into the
 * oldest (the same merge a bridging import makes). `null` when the lead holds them all
 * already. One `saveMergedLead`: a version that moved is a `VersionConflict`, nothing
 * written.
 *
 * @category model
 */
export const addKeysToPerson = (
  store: Leads & IdentityStore,
  lead: Lead,
  keys: readonly IdentityKey[],
  at: string,
  alsoMatching: readonly IdentityKey[] = [],
): ResultAsync<KeysAdded | null, StoreError | VersionConflict> => {
  const held = leadKeys(lead);
  const added = keys.filter((k) => !held.includes(k));
  if (added.length === 0) return okAsync(null);
  return store.findLeadsByKeys([...new Set([...held, ...added, ...alsoMatching])]).andThen((existing) => {
    const plan = planLeadMerge({ ...lead, otherKeys: [...(lead.otherKeys ?? []), ...added] }, [lead, ...existing], at);
    return store
      .saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) })
      .map((saved) => ({ saved, absorbed: plan.absorbed }));
  });
};
