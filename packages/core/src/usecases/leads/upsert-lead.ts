import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { erasedTarget } from '../../lead/erasure.js';
import { validationError } from '../../shared/validation-error.js';
import type { LeadId } from '../../ids.js';
import { createLead, leadKeys, type IdentityConflict, type Lead, type LeadInput } from '../../lead/lead.js';
import { mergeSides, planLeadMerge } from '../../lead/lead-merge.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { IdentityStore } from '../../ports/identity-store.js';
import type { Leads } from '../../ports/leads.js';
import type { Suppressions } from '../../ports/suppressions.js';

/** The roles of the store an upsert touches. */
export type UpsertLeadStore = Leads & IdentityStore & Suppressions & AuditLog;

export interface UpsertLeadResult {
  readonly lead: Lead;
  readonly created: boolean;
  /** The leads this record bridged into `lead` (now its aliases). */
  readonly absorbed: readonly LeadId[];
  /** Identity conflicts kept as keys (one LinkedIn profile, several e-mails), for the import summary. */
  readonly conflicts: readonly IdentityConflict[];
}

export type UpsertLeadError = StoreError | VersionConflict | ValidationError;

const MAX_ATTEMPTS = 5;

/** The field of the error that refuses a record about an erased person. */
export const ERASED_FIELD = 'erased';

/** A record naming any key of an erased person is refused (the tombstone), never re-created. */
const notErased = (deps: UseCaseDeps<Suppressions, 'erasureKey'>, candidate: Lead): ResultAsync<void, UpsertLeadError> => {
  const secret = deps.erasureKey;
  if (!secret) return okAsync(undefined);
  return deps.store
    .findSuppressions(leadKeys(candidate).map((k) => erasedTarget(secret, k)))
    .andThen((found) => (found.length > 0 ? errAsync(validationError(ERASED_FIELD, 'this person was erased on request and is not re-created (do not contact)')) : okAsync(undefined)));
};

const write = (deps: UseCaseDeps<Leads & IdentityStore, never>, candidate: Lead, at: string, attempt: number): ResultAsync<UpsertLeadResult & { readonly before: readonly Lead[] }, UpsertLeadError> =>
  deps.store
    .findLeadsByKeys(leadKeys(candidate))
    .andThen((existing) => {
      const plan = planLeadMerge(candidate, existing, at);
      return deps.store
        .saveMergedLead({ lead: plan.lead, expectedVersion: plan.expectedVersion, absorbed: plan.absorbed.map((l) => ({ id: l.id, version: l.version })) })
        .map((lead) => ({ lead, created: plan.expectedVersion === null, absorbed: plan.absorbed.map((l) => l.id), conflicts: plan.conflicts, before: existing }));
    })
    // Someone wrote one of these people meanwhile: read again and merge into theirs.
    .orElse((e) => (e._tag === 'VersionConflict' && attempt < MAX_ATTEMPTS ? write(deps, candidate, at, attempt + 1) : errAsync(e)));

/**
 * Creates a lead, or merges the input into the person it names. A record whose keys
 * belong to several stored leads (a Clay row with the e-mail of one and the LinkedIn
 * profile of another) merges all of them into one survivor, the oldest; the others
 * become its aliases, and from then on every claim decides on the survivor's full key
 * set. Audited as `lead.created` or `lead.merged` (a bridging merge names each side's keys).
 * A record about an erased person is refused (`ValidationError` on the field `erased`).
 *
 * @category model
 */
export const upsertLead = (deps: UseCaseDeps<UpsertLeadStore, 'ids' | 'erasureKey'>, input: LeadInput, trace: TraceEnvelope): ResultAsync<UpsertLeadResult, UpsertLeadError> =>
  createLead(deps.ids.next('lead') as LeadId, input, trace.at)
    .asyncAndThen((candidate) => notErased(deps, candidate).andThen(() => write(deps, candidate, trace.at, 1)))
    .andThen(({ before, ...result }) => {
      const detail = {
        source: input.source,
        ...(result.absorbed.length > 0 ? mergeSides(result.lead, before.filter((l) => result.absorbed.includes(l.id))) : {}),
        ...(result.conflicts.length > 0 ? { conflicts: result.conflicts } : {}),
      };
      return audit(deps, trace, result.created ? 'lead.created' : 'lead.merged', { leadId: result.lead.id }, detail).map(() => result);
    });
