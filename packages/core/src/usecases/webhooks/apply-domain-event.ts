import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { DomainEvent } from '../../events/domain-events.js';
import type { IdentityKey } from '../../lead/identity.js';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import type { SuppressionReason } from '../../suppression/suppression.js';
import type { CadenceStop } from '../../cadence/cadence.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { CoreDeps } from '../support/core-deps.js';
import { upsertLead, type UpsertLeadError } from '../leads/upsert-lead.js';
import { keysOfRef, resolveEventKeys } from './event-lead-keys.js';

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

/**
 * Applies one verified, deduplicated event. Every effect is idempotent, so re-applying
 * an event whose first application crashed half-way is safe:
 * - a sent-event resolves matching `unknown` sends to `sent` (reconciliation);
 * - a reply stops the cadence; a bounce, unsubscribe, complaint or "not interested"
 *   suppresses every identity key of the person and stops the cadence;
 * - enrichment and visitor identification upsert the lead;
 * - anything else (an open, a click, an accepted connection) is recorded in the audit log
 *   only, with the identity keys the event names (no lookup of the person's other keys).
 *
 * @category model
 */
export const applyDomainEvent = (deps: CoreDeps, event: DomainEvent, trace: TraceEnvelope): ResultAsync<void, ApplyEventError> => {
  switch (event.type) {
    case 'LeadEnriched':
    case 'VisitorIdentified':
      return upsertLead(deps, event.lead, trace).map(() => undefined);
    case 'Ignored':
      return audit(deps, trace, 'webhook.ignored', { eventId: event.eventId }, { provider: event.provider, providerType: event.providerType });
    default:
      return applyMessageEvent(deps, event, trace);
  }
};

const applyMessageEvent = (deps: CoreDeps, event: MessageEvent, trace: TraceEnvelope): ResultAsync<void, StoreError> => {
  const suppression = SUPPRESSING[event.type];
  const stop = STOPPING[event.type];
  const reconciles = event.type === 'EmailSent' || event.type === 'LinkedInMessageSent';
  // Only an effect needs every identity key of the person (a bounce suppresses the LinkedIn
  // profile too). An open or a click has none: it is audited with the keys it names, and
  // skips the store lookups, which matters because they are most of the webhook traffic.
  const keysOfPerson = suppression || stop || reconciles ? resolveEventKeys(deps.store, event.lead) : okAsync<readonly IdentityKey[], StoreError>(keysOfRef(event.lead));
  return keysOfPerson.andThen((keys): ResultAsync<void, StoreError> => {
    if (keys.length === 0) {
      return audit(deps, trace, 'webhook.unmatched', { eventId: event.eventId }, { provider: event.provider, type: event.type });
    }
    const effects: ResultAsync<unknown, StoreError>[] = [];
    if (suppression) {
      effects.push(...keys.map((target) => deps.store.addSuppression({ target, reason: suppression, source: `${event.provider}:${event.eventId}`, at: trace.at })));
    }
    if (stop) effects.push(...keys.map((identityKey) => deps.store.addCadenceStop({ identityKey, reason: stop, at: trace.at })));
    if (reconciles) effects.push(reconcileUnknown(deps, event, keys, trace));
    return ResultAsync.combine(effects).andThen(() =>
      audit(deps, trace, `webhook.${event.type}`, { eventId: event.eventId }, {
        provider: event.provider,
        channel: event.channel,
        keys,
        ...(suppression ? { suppressed: suppression } : {}),
        ...(stop ? { cadenceStopped: stop } : {}),
      }),
    );
  });
};

/** A provider says it sent: every matching `unknown` send of this person becomes `sent`. */
const reconcileUnknown = (deps: CoreDeps, event: MessageEvent, keys: readonly IdentityKey[], trace: TraceEnvelope): ResultAsync<void, StoreError> =>
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
