import type { ResultAsync } from 'neverthrow';
import type { LeadId } from '../ids.js';
import type { Lead } from '../lead/lead.js';
import { token } from '../shared/token.js';
import type { StoreError, VersionConflict } from './store-error.js';

/**
 * One merge of leads into a survivor, as `planLeadMerge` computed it: `lead` is stored
 * at `expectedVersion` (`null`: a new lead); each absorbed lead must still be at the
 * version read, and becomes an alias of the survivor.
 *
 * @category ports
 */
export interface LeadMergeRequest {
  readonly lead: Lead;
  readonly expectedVersion: number | null;
  readonly absorbed: readonly { readonly id: LeadId; readonly version: number }[];
}

/**
 * The identity role of a store: who is the same person. A person is the survivor lead
 * and every lead merged into it; its keys are the survivor's `leadKeys`. The send claim
 * reads the person's current keys in its own atomic step, so a merge made after a card
 * was crafted is seen by the claim.
 *
 * @category ports
 */
export interface IdentityStore {
  /**
   * Stores a lead and makes each absorbed lead an alias of it, in one step on the send
   * side: the absorbed leads' ids resolve to the survivor (`getLead`, `resolveLeadId`),
   * their cards list under it, and their keys (hence their first touches, ledger
   * entries, suppressions and cadence stops) are the survivor's. A version that moved
   * is a `VersionConflict` and changes nothing.
   */
  saveMergedLead(request: LeadMergeRequest): ResultAsync<Lead, StoreError | VersionConflict>;
  /** The id of the lead an id now stands for: itself, its survivor, or `null` if unknown. */
  resolveLeadId(id: LeadId): ResultAsync<LeadId | null, StoreError>;
  /** The ids merged into a survivor (directly or through earlier merges), sorted. */
  listAliases(survivor: LeadId): ResultAsync<readonly LeadId[], StoreError>;
}
export const IdentityStore = token<IdentityStore>('IdentityStore');
