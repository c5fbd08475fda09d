import type { AuditEntry, IndexedAuditAction, ReviewQueue, AuditTrail, WebhookInbox, StoreError } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import type { Notification, NotificationKind } from './notification.js';

/** The audited actions operators are told about, and how each reads. */
const AUDITED: ReadonlyArray<readonly [IndexedAuditAction, NotificationKind, (e: AuditEntry) => string]> = [
  ['webhook.ReplyReceived', 'reply', (e) => `Reply from ${names(e)}${snippet(e)}. Open the replies inbox: /sales/replies`],
  ['webhook.LinkedInReplyReceived', 'reply', (e) => `LinkedIn reply from ${names(e)}${snippet(e)}. Open the replies inbox: /sales/replies`],
  ['send.unknown', 'unknown_outcome', (e) => `The send of card ${e.cardId ?? '?'} has an unknown outcome (${String(e.detail.reason ?? 'no reason given')}); it will not be retried. Check the provider, then run caio reconcile resolve.`],
  ['send.recovered_unknown', 'unknown_outcome', (e) => `A send of card ${e.cardId ?? '?'} was left in progress and is now unknown; it will not be retried. Check the provider, then run caio reconcile resolve.`],
  ['controls.stop_engaged', 'stop_engaged', (e) => `Emergency stop ENGAGED by ${e.trace.actor}: ${String(e.detail.reason ?? '')}. No message is sent until it is released.`],
  ['controls.stop_released', 'stop_released', (e) => `Emergency stop released by ${e.trace.actor}${e.detail.reason ? `: ${String(e.detail.reason)}` : ''}. Sends resume.`],
  ['autonomy.fallback', 'autonomy_fallback', (e) => `Autonomy fell back to supervised mode: ${fallbackReasons(e)}. Cards wait for a human until an admin enables it again.`],
];

/** The breakers that tripped (`trips` as the autonomy tick audits them), else a stated reason. */
const fallbackReasons = (e: AuditEntry): string => {
  const trips = Array.isArray(e.detail.trips) ? (e.detail.trips as { breaker?: unknown; detail?: unknown }[]) : [];
  if (trips.length > 0) return trips.map((t) => `${String(t.breaker)}${t.detail ? ` (${String(t.detail)})` : ''}`).join('; ');
  return String(e.detail.reason ?? 'no reason given');
};

const names = (e: AuditEntry): string => (e.identityKeys?.length ? e.identityKeys.join(', ') : 'an unknown sender');
const snippet = (e: AuditEntry): string => (typeof e.detail.snippet === 'string' ? `: "${e.detail.snippet.slice(0, 300)}"` : '');

/** How far back events are read (each kind's newest entries). */
const PER_KIND = 200;
const SLA_PER_RUN = 20;

export type NotifyStore = AuditTrail & WebhookInbox & ReviewQueue;

/**
 * The notifications due now: audited events (replies, unknown outcomes, the emergency
 * stop, autonomy fallbacks) and quarantined deliveries at or after `since`, and cards
 * pending longer than the approval SLA. Events already delivered (`notify.sent` with
 * their key) or in `pending` are left out.
 */
export const collectNotifications = (
  store: NotifyStore,
  input: { readonly since: string; readonly now: Date; readonly approvalSlaMinutes: number; readonly pending: ReadonlySet<string> },
): ResultAsync<Notification[], StoreError> =>
  ResultAsync.combine([
    ResultAsync.combine(AUDITED.map(([action]) => store.listAuditByAction(action, PER_KIND))),
    store.listQuarantine(PER_KIND),
    store.listQueue({ createdBefore: new Date(input.now.getTime() - input.approvalSlaMinutes * 60_000).toISOString(), limit: SLA_PER_RUN }),
    store.listAuditByAction('notify.sent', 10 * PER_KIND),
  ] as const).map(([audited, quarantined, overdue, sent]) => {
    const done = new Set([...sent.map((e) => String(e.detail.key)), ...input.pending]);
    const due: Notification[] = [];
    audited.forEach((entries, i) => {
      const [, kind, text] = AUDITED[i]!;
      for (const e of entries) if (e.trace.at >= input.since) due.push({ key: `audit:${e.id}`, kind, text: text(e) });
    });
    for (const q of quarantined) {
      if (q.receivedAt >= input.since) due.push({ key: `quarantine:${q.id}`, kind: 'quarantine', text: `A ${q.provider} webhook was authenticated but could not be read and is quarantined (${q.reason}).` });
    }
    for (const card of overdue.items) {
      due.push({ key: `sla:${card.id}`, kind: 'approval_sla', text: `Card ${card.id} (${card.channel}, ${card.tier.replace('tier_', 'Tier ')}) has waited more than ${input.approvalSlaMinutes} minutes for review: /sales` });
    }
    return due.filter((n) => !done.has(n.key));
  });
