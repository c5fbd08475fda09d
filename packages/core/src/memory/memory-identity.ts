import type { LeadId } from '../ids.js';
import { sortKeys, type IdentityKey } from '../lead/identity.js';
import { leadKeys, type Lead } from '../lead/lead.js';
import type { ClaimRefusalReason, SendClaimRequest } from '../ledger/send-ledger.js';
import type { LeadMergeRequest } from '../ports/identity-store.js';
import type { VersionConflict } from '../ports/store-error.js';
import { jsonCopy } from '../shared/json-copy.js';
import { suppressionTargetsForLead } from '../suppression/suppression.js';
import { indexLeadIdentity, type MemoryState } from './memory-state.js';

/**
 * The identity part of the reference store, as functions over its plain state: aliases
 * (absorbed lead id -> survivor id, always one hop: a later merge re-points them), the
 * key index, and the person-level checks of the send claim.
 */

/** The live lead an id stands for: itself, its survivor, or undefined. */
export const resolveLead = (s: Pick<MemoryState, 'leads' | 'aliases'>, id: string): Lead | undefined => s.leads[id] ?? s.leads[s.aliases[id] ?? ''];

const conflict = (id: string, expected: number | null, actual: number | null): VersionConflict => ({ _tag: 'VersionConflict', entity: 'lead', id, expected, actual });

/** `saveMergedLead` on the reference state: checks every version first, then writes all or nothing. */
export const applyLeadMerge = (s: MemoryState, request: LeadMergeRequest): VersionConflict | Lead => {
  const { lead, expectedVersion, absorbed } = request;
  const actual = s.leads[lead.id]?.version ?? null;
  if (actual !== expectedVersion) return conflict(lead.id, expectedVersion, actual);
  for (const a of absorbed) {
    const version = s.leads[a.id]?.version ?? null;
    if (version !== a.version || a.id === lead.id) return conflict(a.id, a.version, version);
  }
  s.leads[lead.id] = jsonCopy(lead);
  const gone = new Set<string>(absorbed.map((a) => a.id));
  for (const a of absorbed) {
    delete s.leads[a.id];
    s.aliases[a.id] = lead.id;
  }
  // One hop always: ids that were aliases of an absorbed lead now name the survivor. (Scans
  // only when leads were absorbed: a plain create or update costs nothing more.)
  if (gone.size > 0) {
    for (const [alias, survivor] of Object.entries(s.aliases)) if (gone.has(survivor)) s.aliases[alias] = lead.id;
    for (const [key, owner] of Object.entries(s.identityIndex)) if (gone.has(owner)) s.identityIndex[key] = lead.id;
  }
  indexLeadIdentity(s, lead);
  return lead;
};

/** The keys a claim decides on: the card's snapshot and every current key of its person. */
export const claimKeys = (s: Pick<MemoryState, 'leads' | 'aliases'>, leadId: LeadId, snapshot: readonly IdentityKey[]): IdentityKey[] => {
  const lead = resolveLead(s, leadId);
  return sortKeys([...snapshot, ...(lead ? leadKeys(lead) : [])]);
};

/**
 * The person-level refusals of the claim, in the claim's order after first touches:
 * a suppressed key, e-mail domain or company domain, and (for a follow-up) a stopped
 * cadence.
 */
export const personRefusal = (
  s: Pick<MemoryState, 'suppressions' | 'cadenceStops'>,
  request: Pick<SendClaimRequest, 'step'>,
  keys: readonly IdentityKey[],
  companyDomain: string | undefined,
): { reason: ClaimRefusalReason; detail: string } | null => {
  for (const target of suppressionTargetsForLead(keys, companyDomain)) {
    const found = s.suppressions[target];
    if (found) return { reason: 'suppressed', detail: `${target} is suppressed (${found.reason})` };
  }
  if (request.step > 0) {
    for (const key of keys) {
      const stop = s.cadenceStops[key];
      if (stop) return { reason: 'cadence_stopped', detail: `the cadence of ${key} stopped (${stop.reason})` };
    }
  }
  return null;
};
