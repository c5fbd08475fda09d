import { okAsync, ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { Card } from '../../card/card.js';
import type { CardId } from '../../ids.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { AuditTrail } from '../../ports/audit-trail.js';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import type { UseCaseDeps } from '../support/core-deps.js';

/** What happened to a card, in the words of its timeline. @category model */
export const TIMELINE_KINDS: Readonly<Record<string, string>> = {
  'card.crafted': 'crafted',
  'card.follow_up_created': 'crafted',
  'card.edited': 'edited',
  'card.approved': 'approved',
  'card.rejected': 'rejected',
  'card.separated': 'separated',
  'card.remapped': 'remapped',
  'card.queued': 'queued',
  'send.decided': 'decided',
  'send.claimed': 'claimed',
  'send.sent': 'sent',
  'send.failed': 'failed',
  'send.unknown': 'unknown',
  'send.recovered_unknown': 'unknown',
  'send.reconciled_sent': 'sent',
  'send.resolved_sent': 'sent',
  'send.resolved_not_sent': 'failed',
  'webhook.EmailSent': 'delivered',
  'webhook.LinkedInMessageSent': 'delivered',
  'webhook.EmailOpened': 'opened',
  'webhook.LinkClicked': 'clicked',
  'webhook.ReplyReceived': 'replied',
  'webhook.LinkedInReplyReceived': 'replied',
  'webhook.EmailBounced': 'bounced',
  'webhook.Unsubscribed': 'unsubscribed',
  'webhook.ComplaintReceived': 'complaint',
  'webhook.NotInterested': 'not_interested',
  'webhook.ConnectionAccepted': 'connection_accepted',
};

/** One step of a card's life. @category model */
export interface TimelineEvent {
  readonly at: string;
  readonly kind: string;
  readonly action: string;
  readonly actor: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface CardTimeline {
  readonly card: Card;
  readonly events: readonly TimelineEvent[];
}

export type CardTimelineStore = Cards & AuditLog & AuditTrail & SendLedger;

const LIMIT = 500;

const toEvent = (e: AuditEntry): TimelineEvent => ({ at: e.trace.at, kind: TIMELINE_KINDS[e.action] ?? e.action, action: e.action, actor: e.trace.actor, detail: e.detail });

/**
 * A card's timeline, oldest first: its own audit entries (crafted, edited, approved,
 * claimed, sent...) and the provider webhook events of its lead on its channel between
 * its send and the lead's next send on that channel (delivered, opened, replied,
 * bounced...), read through the audit index by identity key. A card crafted without an
 * audit entry (a demo card) starts at its creation time. `null` for an unknown card.
 *
 * @category use-cases
 */
export const cardTimeline = (deps: UseCaseDeps<CardTimelineStore, never>, cardId: CardId): ResultAsync<CardTimeline | null, StoreError> =>
  deps.store.getCard(cardId).andThen((card) => {
    if (!card) return okAsync(null);
    return ResultAsync.combine([
      deps.store.listAudit({ cardId: card.id, limit: LIMIT }),
      ResultAsync.combine(card.leadKeys.map((key) => deps.store.listAuditByKey(key, LIMIT))),
      ResultAsync.combine(card.leadKeys.map((identityKey) => deps.store.listLedger({ identityKey, limit: 1000 }))),
    ] as const).map(([own, byKey, ledgers]): CardTimeline => {
      const sends = [...new Map(ledgers.flatMap((p) => p.items).filter((e) => e.channel === card.channel).map((e) => [`${e.cardId}#${e.step}`, e])).values()];
      const mine = sends.find((e) => e.cardId === card.id);
      const next = mine ? sends.filter((e) => e.claimedAt > mine.claimedAt).map((e) => e.claimedAt).sort()[0] : undefined;
      const webhook = mine
        ? byKey.flat().filter((e) => e.action.startsWith('webhook.') && e.detail.channel === card.channel && e.trace.at >= mine.claimedAt && (next === undefined || e.trace.at < next))
        : [];
      const entries = [...new Map([...own, ...webhook].map((e) => [e.id, e])).values()];
      const events = entries.map(toEvent);
      if (!events.some((e) => e.kind === 'crafted')) events.unshift({ at: card.createdAt, kind: 'crafted', action: 'card.created', actor: 'system', detail: {} });
      return { card, events: events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) };
    });
  });
