import { okAsync, type ResultAsync } from 'neverthrow';
import type { DomainEvent } from '../../events/domain-events.js';
import type { EventId } from '../../ids.js';
import type { TraceEnvelope } from '../../trace.js';
import type { CoreDeps } from '../support/core-deps.js';
import { applyDomainEvent, type ApplyEventError } from './apply-domain-event.js';

/** Providers retry for days (Stripe: 3); keep event ids longer than any retry horizon. */
export const DEFAULT_INBOX_RETENTION_DAYS = 7;

export interface IngestWebhookEventsCommand {
  readonly events: readonly DomainEvent[];
  readonly trace: TraceEnvelope;
  readonly retentionDays?: number;
}

export interface IngestedEvent {
  readonly eventId: EventId;
  readonly status: 'applied' | 'duplicate';
}

/**
 * Durable idempotency for webhooks: each event is first recorded in the store's inbox
 * by its event id; an id already applied is a no-op (a replay, even days later or
 * after a restart). An id recorded but not applied (the process died in between) is
 * applied now, once. Answer the provider 2xx only after this returns ok, so a crash
 * before recording makes the provider retry and nothing is lost.
 *
 * @category model
 */
export const ingestWebhookEvents = (deps: CoreDeps, command: IngestWebhookEventsCommand): ResultAsync<readonly IngestedEvent[], ApplyEventError> => {
  const retentionMs = Math.max(command.retentionDays ?? DEFAULT_INBOX_RETENTION_DAYS, 3) * 86_400_000;
  const results: IngestedEvent[] = [];
  const receivedAt = deps.clock.now();
  const step = (index: number): ResultAsync<readonly IngestedEvent[], ApplyEventError> => {
    const event = command.events[index];
    if (!event) return okAsync(results);
    return deps.store
      .recordInboxEvent({
        eventId: event.eventId,
        provider: event.provider,
        receivedAt: receivedAt.toISOString(),
        expiresAt: new Date(receivedAt.getTime() + retentionMs).toISOString(),
        payload: event,
      })
      .andThen((record): ResultAsync<IngestedEvent, ApplyEventError> => {
        if (record._tag === 'Applied') return okAsync({ eventId: event.eventId, status: 'duplicate' });
        return applyDomainEvent(deps, event, command.trace)
          .andThen(() => deps.store.markInboxApplied(event.eventId, deps.clock.now().toISOString()))
          .map(() => ({ eventId: event.eventId, status: 'applied' as const }));
      })
      .andThen((ingested) => {
        results.push(ingested);
        return step(index + 1);
      });
  };
  return step(0);
};

/**
 * Applies every event recorded but never applied (a crash between recording and
 * applying). Run at start-up; the stored payload is the verified event.
 *
 * @category model
 */
export const replayPendingInbox = (
  deps: CoreDeps,
  trace: TraceEnvelope,
  parse: (payload: unknown) => DomainEvent | null,
): ResultAsync<number, ApplyEventError> =>
  deps.store.listPendingInbox(500).andThen((pending) => {
    const events = pending.map((p) => parse(p.payload)).filter((e): e is DomainEvent => e !== null);
    const run = (index: number): ResultAsync<number, ApplyEventError> => {
      const event = events[index];
      if (!event) return okAsync(events.length);
      return applyDomainEvent(deps, event, trace)
        .andThen(() => deps.store.markInboxApplied(event.eventId, deps.clock.now().toISOString()))
        .andThen(() => run(index + 1));
    };
    return run(0);
  });
