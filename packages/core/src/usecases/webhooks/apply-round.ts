import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { DomainEvent } from '../../events/domain-events.js';
import type { TraceId } from '../../ids.js';
import type { InboxAppliedMark, InboxEvent } from '../../ports/webhook-inbox.js';
import type { TraceEnvelope } from '../../trace.js';
import type { AuditRecord } from '../support/audit.js';
import { auditEntry } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { applyDomainEvent, lookUpEventKeys, type ApplyEventError } from './apply-domain-event.js';
import { INBOX_APPLY_CLAIM_MS, type IngestWebhookEventsStore } from './ingest-webhook-events.js';

/** A pending inbox event and the event its payload holds. */
export interface ApplierItem {
  readonly pending: InboxEvent;
  readonly event: DomainEvent;
}

/**
 * What became of a lane's head in a round: `Applied` (effects done and marked), `Done`
 * (applied by someone else meanwhile, or no longer known: the lane goes on), `Blocked`
 * (another holder's live claim: the lane waits for a later pass), `Failed` (its claim
 * released: the next pass retries it).
 */
export type HeadOutcome = { readonly _tag: 'Applied' } | { readonly _tag: 'Done' } | { readonly _tag: 'Blocked' } | { readonly _tag: 'Failed'; readonly error: ApplyEventError };

const APPLIED: HeadOutcome = { _tag: 'Applied' };
const DONE: HeadOutcome = { _tag: 'Done' };
const BLOCKED: HeadOutcome = { _tag: 'Blocked' };
const failed = (error: ApplyEventError): HeadOutcome => ({ _tag: 'Failed', error });

/** The trace of the delivery that brought the event: its request id, the provider as actor, its receipt as the time of its effects. */
const deliveryTrace = (pending: InboxEvent, fallback: TraceEnvelope): TraceEnvelope => ({
  traceId: (pending.traceId ?? fallback.traceId) as TraceId,
  actor: `webhook:${pending.provider}`,
  at: pending.receivedAt,
  origin: 'webhook',
});

/**
 * The domain refused the event (a lead it cannot create; checked before acceptance, so
 * only a rule that changed meanwhile): applying it again would be refused again, so it is
 * closed with this entry rather than left blocking its person's lane.
 */
const refused = (event: DomainEvent, message: string): AuditRecord => ({ action: 'webhook.refused', subject: { eventId: event.eventId }, detail: { provider: event.provider, type: event.type, reason: message } });

/** The event's effects, and the audit record that closes it (`null`: the application audited itself). */
const effects = (deps: UseCaseDeps<IngestWebhookEventsStore>, head: ApplierItem, trace: TraceEnvelope, keys: ReturnType<typeof lookUpEventKeys>): ResultAsync<AuditRecord | null, ApplyEventError> =>
  applyDomainEvent(deps, head.event, trace, keys ?? undefined).orElse((e) => (e._tag === 'ValidationError' ? okAsync<AuditRecord | null, ApplyEventError>(refused(head.event, e.message)) : errAsync(e)));

/** Drops claims this applier holds; best effort (a claim not dropped lapses after `INBOX_APPLY_CLAIM_MS`). */
const release = (deps: UseCaseDeps<IngestWebhookEventsStore>, heads: readonly ApplierItem[], holder: string): Promise<unknown> =>
  Promise.all(heads.map((head) => deps.store.releaseInboxClaim(head.event.eventId, holder)));

/**
 * One round of the applier over the heads of up to `concurrency` lanes (one event per
 * person, so none of them waits on another): their apply claims in ONE store call (each
 * head's identity read issued alongside: a read has no effect, so reading before the claim
 * is granted is harmless, and the lane's earlier event was marked in an earlier round),
 * the claimed heads' effects concurrently, then ONE call marking applied those whose
 * effects are done, each with its closing audit entry, while the claims of those that
 * failed are released. Three round trips per round for events with effects, whatever
 * their number. A crash before the mark leaves the events pending with effects done:
 * they are idempotent, and the mark and its entry are one atomic step, so a retry audits
 * each event once. Answers one outcome per head, in order.
 */
export const applyRound = async (deps: UseCaseDeps<IngestWebhookEventsStore>, heads: readonly ApplierItem[], holder: string, fallback: TraceEnvelope, onApplied?: (event: InboxEvent) => void): Promise<HeadOutcome[]> => {
  const keys = heads.map((head) => lookUpEventKeys(deps, head.event));
  const claimed = await deps.store.claimInboxEvents(
    heads.map((head) => head.event.eventId),
    { holder, ttlMs: INBOX_APPLY_CLAIM_MS },
  );
  if (claimed.isErr()) return heads.map(() => failed(claimed.error));
  const verdicts = claimed.value;
  if (verdicts.length !== heads.length) throw new Error(`claimInboxEvents answered ${verdicts.length} verdicts for ${heads.length} events`);
  const closings = await Promise.all(
    heads.map((head, i) => {
      if (verdicts[i] !== 'Claimed') return null;
      const trace = deliveryTrace(head.pending, fallback);
      return effects(deps, head, trace, keys[i]!).map((closing) => (closing ? auditEntry(deps, trace, closing) : undefined));
    }),
  );
  const at = deps.clock.now().toISOString();
  const marks: InboxAppliedMark[] = [];
  const marked: ApplierItem[] = [];
  const unapplied: ApplierItem[] = [];
  closings.forEach((closing, i) => {
    if (closing === null) return;
    const head = heads[i]!;
    if (closing.isErr()) unapplied.push(head);
    else {
      marks.push(closing.value ? { eventId: head.event.eventId, at, entry: closing.value } : { eventId: head.event.eventId, at });
      marked.push(head);
    }
  });
  const [mark] = await Promise.all([marks.length > 0 ? deps.store.markInboxAppliedMany(marks) : okAsync(undefined), release(deps, unapplied, holder)]);
  // The mark failed (store error): nothing of it was written; the events stay pending and are retried.
  if (mark.isErr()) await release(deps, marked, holder);
  else for (const head of marked) onApplied?.(head.pending);
  return closings.map((closing, i): HeadOutcome => {
    if (closing === null) return verdicts[i] === 'InProgress' ? BLOCKED : DONE;
    if (closing.isErr()) return failed(closing.error);
    return mark.isErr() ? failed(mark.error) : APPLIED;
  });
};
