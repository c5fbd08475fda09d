import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Leads } from '../../ports/leads.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { DomainEvent } from '../../events/domain-events.js';
import type { IdentityKey } from '../../lead/identity.js';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import type { SuppressionReason } from '../../suppression/suppression.js';
import type { CadenceStop } from '../../cadence/cadence.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit, type AuditRecord } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { ERASED_FIELD, upsertLead, type UpsertLeadError, type UpsertLeadStore } from '../leads/upsert-lead.js';
import { keysOfRef, providerKeyOfRef, resolveEventKeys } from './event-lead-keys.js';

export type ApplyEventError = StoreError | UpsertLeadError;

type MessageEvent = Exclude<DomainEvent, { readonly type: 'LeadEnriched' | 'VisitorIdentified' | 'Ignored' }>;

const SUPPRESSING: Partial<Record<DomainEvent['type'], SuppressionReason>> = {
  EmailBounced: 'bounced',
  Unsubscribed: 'unsubscribed',
  ComplaintReceived: 'complaint',
  NotInterested: 'not_interested',
};

const STOPPING: Partial<Record<DomainEvent['type'], CadenceStop['reason']>> = {
  ReplyReceived: 'replied',
  LinkedInReplyReceived: 'replied',
  EmailBounced: 'bounced',
  Unsubscribed: 'unsubscribed',
  ComplaintReceived: 'unsubscribed',
  NotInterested: 'unsubscribed',
};

/** A provider saying it sent resolves `unknown` sends of that person (reconciliation). */
const RECONCILING: ReadonlySet<DomainEvent['type']> = new Set(['EmailSent', 'LinkedInMessageSent']);

/** The roles of the store applying a webhook event touches. */
export type ApplyDomainEventStore = UpsertLeadStore & SendLedger & CadenceStops;

/**
 * Applies one verified, deduplicated event and returns the audit record that closes it,
 * which the caller writes in the same store step as the event's applied mark
 * (`StateStore.markInboxApplied(id, at, entry)`), or `null` when the application audited
 * itself (a lead upsert). Every effect is idempotent, so re-applying an event whose first
 * application crashed half-way is safe:
 * - a sent-event resolves matching `unknown` sends to `sent` (reconciliation);
 * - a reply stops the cadence; a bounce, unsubscribe, complaint or "not interested"
 *   suppresses every identity key of the person and stops the cadence;
 * - enrichment and visitor identification upsert the lead;
 * - anything else (an open, a click, an accepted connection) has no effect but its audit
 *   entry, with the identity keys the event names (see `auditOnlyApplication`).
 *
 * @category model
 */
export const applyDomainEvent = (
  deps: UseCaseDeps<ApplyDomainEventStore>,
  event: DomainEvent,
  trace: TraceEnvelope,
  /** The person's keys when the caller already started reading them (`lookUpEventKeys`); read here otherwise. */
  keys?: ResultAsync<readonly IdentityKey[], StoreError>,
): ResultAsync<AuditRecord | null, ApplyEventError> => {
  if (event.type === 'LeadEnriched' || event.type === 'VisitorIdentified') {
    return upsertLead(deps, event.lead, trace)
      .map((): AuditRecord | null => null)
      .orElse((e) =>
        // An erased person stays erased: the event is recorded, the person is not re-created.
        e._tag === 'ValidationError' && e.field === ERASED_FIELD ? okAsync<AuditRecord | null, ApplyEventError>({ action: 'webhook.erased_person', subject: { eventId: event.eventId }, detail: { type: event.type } }) : errAsync(e),
      );
  }
  if (event.type === 'Ignored') return okAsync(ignoredAudit(event));
  const auditOnly = messageAuditOnly(event);
  return auditOnly ? okAsync(auditOnly) : applyMessageEvent(deps, event, trace, keys);
};

const ignoredAudit = (event: Extract<DomainEvent, { readonly type: 'Ignored' }>): AuditRecord => ({
  action: 'webhook.ignored',
  subject: { eventId: event.eventId },
  detail: { provider: event.provider, providerType: event.providerType },
});

const hasEffect = (event: MessageEvent): boolean => SUPPRESSING[event.type] !== undefined || STOPPING[event.type] !== undefined || RECONCILING.has(event.type);

const unmatched = (event: MessageEvent): AuditRecord => ({ action: 'webhook.unmatched', subject: { eventId: event.eventId }, detail: { provider: event.provider, type: event.type } });

const messageAuditOnly = (event: MessageEvent): AuditRecord | null => {
  const named = keysOfRef(event.lead);
  // An effect on a person named only by the provider's id is looked up in the identity index: not audit-only.
  if (named.length === 0) return providerKeyOfRef(event.lead, event.provider).length > 0 && hasEffect(event) ? null : unmatched(event);
  return hasEffect(event) ? null : { action: `webhook.${event.type}`, subject: { eventId: event.eventId, identityKeys: named }, detail: { provider: event.provider, channel: event.channel, keys: named } };
};

/**
 * The audit entry that is an event's whole application, or `null` when applying it changes
 * state (an upsert, a suppression, a cadence stop, a reconciliation). Audit-only: an
 * ignored provider event, an event naming no usable identity key, and an event without
 * effect (an open, a click, an accepted connection), audited with the keys it names: the
 * person's other keys are not looked up, which matters because these are most of the
 * webhook traffic. Pure, so the caller can record and apply such an event in one store
 * operation (`recordAppliedInboxEvent`).
 *
 * @category model
 */
export const auditOnlyApplication = (event: DomainEvent): AuditRecord | null => {
  if (event.type === 'LeadEnriched' || event.type === 'VisitorIdentified') return null;
  return event.type === 'Ignored' ? ignoredAudit(event) : messageAuditOnly(event);
};

/**
 * Starts reading the identity keys applying `event` needs, or `null` when its application
 * reads none (an upsert, an audit-only event). A read only: the applier issues it together
 * with the event's apply claim, so both leave in one write and cost one round trip, not two;
 * if the claim is refused the keys are simply not used.
 *
 * @category model
 */
export const lookUpEventKeys = (deps: UseCaseDeps<ApplyDomainEventStore>, event: DomainEvent): ResultAsync<readonly IdentityKey[], StoreError> | null => {
  if (event.type === 'LeadEnriched' || event.type === 'VisitorIdentified' || event.type === 'Ignored' || messageAuditOnly(event)) return null;
  return resolveEventKeys(deps.store, event.lead, event.provider);
};

const applyMessageEvent = (deps: UseCaseDeps<ApplyDomainEventStore>, event: MessageEvent, trace: TraceEnvelope, keys?: ResultAsync<readonly IdentityKey[], StoreError>): ResultAsync<AuditRecord, StoreError> => {
  const suppression = SUPPRESSING[event.type];
  const stop = STOPPING[event.type];
  const reconciles = RECONCILING.has(event.type);
  // An effect needs every identity key of the person (a bounce suppresses the LinkedIn profile too).
  return (keys ?? resolveEventKeys(deps.store, event.lead, event.provider)).andThen((keys): ResultAsync<AuditRecord, StoreError> => {
    if (keys.length === 0) return okAsync(unmatched(event));
    const effects: ResultAsync<unknown, StoreError>[] = [];
    if (suppression) {
      effects.push(...keys.map((target) => deps.store.addSuppression({ target, reason: suppression, source: `${event.provider}:${event.eventId}`, at: trace.at })));
    }
    if (stop) effects.push(...keys.map((identityKey) => deps.store.addCadenceStop({ identityKey, reason: stop, at: trace.at })));
    if (reconciles) effects.push(reconcileUnknown(deps, event, keys, trace));
    return ResultAsync.combine(effects).map(
      (): AuditRecord => ({
        action: `webhook.${event.type}`,
        subject: { eventId: event.eventId, identityKeys: keys },
        detail: {
          provider: event.provider,
          channel: event.channel,
          keys,
          ...replySnippet(event),
          ...(suppression ? { suppressed: suppression } : {}),
          ...(stop ? { cadenceStopped: stop } : {}),
        },
      }),
    );
  });
};

/** What a reply said (its first 500 characters), for the replies inbox. */
const replySnippet = (event: MessageEvent): { snippet?: string } =>
  (event.type === 'ReplyReceived' || event.type === 'LinkedInReplyReceived') && event.snippet ? { snippet: event.snippet.slice(0, 500) } : {};

/** A provider says it sent: every matching `unknown` send of this person becomes `sent`. */
const reconcileUnknown = (deps: UseCaseDeps<ApplyDomainEventStore>, event: MessageEvent, keys: readonly IdentityKey[], trace: TraceEnvelope): ResultAsync<void, StoreError> =>
  ResultAsync.combine(keys.map((identityKey) => deps.store.listLedger({ identityKey, state: 'unknown', limit: 100 })))
    .map((pages) => {
      const seen = new Map<string, LedgerEntry>();
      for (const entry of pages.flatMap((p) => p.items)) {
        const campaignMatches = event.campaignId === undefined || entry.campaignId === undefined || entry.campaignId === event.campaignId;
        if (entry.channel === event.channel && campaignMatches) seen.set(`${entry.cardId}#${entry.step}`, entry);
      }
      return [...seen.values()];
    })
    .andThen((entries) =>
      ResultAsync.combine(
        entries.map((entry) =>
          deps.store
            .recordOutcome({
              cardId: entry.cardId,
              step: entry.step,
              attemptId: entry.attemptId,
              outcome: { state: 'sent', receipt: { reconciledBy: event.eventId, provider: event.provider, ...(event.messageId ? { messageId: event.messageId } : {}) } },
              trace,
            })
            .andThen(() => audit(deps, trace, 'send.reconciled_sent', { cardId: entry.cardId, eventId: event.eventId }, { step: entry.step }))
            // Resolved meanwhile by an operator or another delivery: nothing to do.
            .orElse((e) => (e._tag === 'OutcomeRefused' ? okAsync(undefined) : errAsync(e))),
        ),
      ),
    )
    .map(() => undefined);
