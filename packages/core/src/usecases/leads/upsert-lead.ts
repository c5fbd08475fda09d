import { errAsync, type ResultAsync } from 'neverthrow';
import type { Leads } from '../../ports/leads.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { LeadId } from '../../ids.js';
import { createLead, leadKeys, mergeLead, type Lead, type LeadInput } from '../../lead/lead.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';

export interface UpsertLeadResult {
  readonly lead: Lead;
  readonly created: boolean;
}

export type UpsertLeadError = StoreError | VersionConflict | ValidationError;

const MAX_ATTEMPTS = 3;

const write = (deps: UseCaseDeps<Leads, never>, candidate: Lead, at: string, attempt: number): ResultAsync<UpsertLeadResult, UpsertLeadError> =>
  deps.store
    .findLeadsByKeys(leadKeys(candidate))
    .andThen((existing): ResultAsync<UpsertLeadResult, UpsertLeadError> => {
      const stored = existing[0];
      return stored
        ? deps.store.putLead(mergeLead(stored, candidate, at), stored.version).map((lead) => ({ lead, created: false }))
        : deps.store.putLead(candidate, null).map((lead) => ({ lead, created: true }));
    })
    // Someone wrote the same person meanwhile: read again and merge into theirs.
    .orElse((e) => (e._tag === 'VersionConflict' && attempt < MAX_ATTEMPTS ? write(deps, candidate, at, attempt + 1) : errAsync(e)));

/**
 * Creates a lead, or merges the input into the lead that shares any identity key with
 * it (so a Clay row and an RB2B visit of the same person become one lead).
 *
 * @category model
 */
export const upsertLead = (deps: UseCaseDeps<Leads & AuditLog, 'ids'>, input: LeadInput, trace: TraceEnvelope): ResultAsync<UpsertLeadResult, UpsertLeadError> =>
  createLead(deps.ids.next('lead') as LeadId, input, trace.at)
    .asyncAndThen((candidate) => write(deps, candidate, trace.at, 1))
    .andThen((result) =>
      audit(deps, trace, result.created ? 'lead.created' : 'lead.merged', { leadId: result.lead.id }, { source: input.source }).map(() => result),
    );
