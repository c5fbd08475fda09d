import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { LeadId } from '../../ids.js';
import { planErasure } from '../../lead/erasure.js';
import { parseIdentityKey, type IdentityKey } from '../../lead/identity.js';
import type { Lead } from '../../lead/lead.js';
import type { ErasureReport } from '../../ports/erasure-store.js';
import type { StoreError } from '../../ports/store-error.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { CoreDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

export interface ErasePersonCommand {
  /** An e-mail address, a LinkedIn profile URL, any identity key, or a lead id. */
  readonly subject: string;
  /** Why (the request's reference): kept in the audit entry and the tombstones. */
  readonly reason: string;
  readonly trace: TraceEnvelope;
}

export interface ErasureResult {
  readonly leadId: LeadId | null;
  /** How many keys are now tombstones (the person stays suppressed if they come back). */
  readonly tombstones: number;
  readonly report: ErasureReport;
}

const findPerson = (deps: Pick<CoreDeps, 'store'>, subject: string): ResultAsync<{ lead: Lead | null; keys: IdentityKey[] }, StoreError | NotFound> => {
  const key = parseIdentityKey(subject);
  if (key.isOk()) return deps.store.findLeadsByKeys([key.value]).map((leads) => ({ lead: leads[0] ?? null, keys: [key.value] }));
  return deps.store.getLead(subject.trim() as LeadId).andThen((lead) => (lead ? okAsync({ lead, keys: [] }) : errAsync(notFound('lead', subject.trim()))));
};

/**
 * Erases a person (GDPR Art. 17) from every record the store holds (`ErasureStore`):
 * the lead and the leads merged into it, unsent cards, and every personal value in sent
 * cards, ledger entries, inbox payloads, quarantined bodies, batches and audit entries
 * (replaced by keyed hashes: the entries stay, so the history of what was sent stays
 * provable). Each of the person's keys becomes a tombstone suppression, so a later import
 * or webhook about them is refused instead of re-creating them. Audited as `lead.erased`
 * with the hashed keys only. A subject that is an identity key is erased (and
 * tombstoned) even when no lead holds it; a lead id nobody has is `NotFound`.
 *
 * @category model
 */
export const erasePerson = (deps: Pick<CoreDeps, 'store' | 'ids' | 'erasureKey'>, command: ErasePersonCommand): ResultAsync<ErasureResult, StoreError | ValidationError | NotFound> => {
  const secret = deps.erasureKey;
  if (!secret) return errAsync(validationError('ERASURE_HASH_KEY', 'is not configured: erasure needs the secret of its keyed hashes'));
  const reason = command.reason.trim();
  if (!reason) return errAsync(validationError('reason', 'is required (the request it fulfils)'));
  if (!command.subject.trim()) return errAsync(validationError('subject', 'is empty: give an e-mail, a LinkedIn profile URL or a lead id'));
  return findPerson(deps, command.subject).andThen(({ lead, keys }) =>
    (lead ? deps.store.listAliases(lead.id) : okAsync<readonly LeadId[], StoreError>([])).andThen((aliases) => {
      const plan = planErasure(secret, { lead, aliases, keys }, reason, command.trace.at);
      return deps.store.erasePerson(plan).andThen((report) =>
        audit(deps, command.trace, 'lead.erased', lead ? { leadId: lead.id } : {}, { keys: Object.values(plan.hashedKeys), aliases, reason, report }).map(() => ({
          leadId: lead?.id ?? null,
          tombstones: plan.tombstones.length,
          report,
        })),
      );
    }),
  );
};
