import { ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { Card } from '../../card/card.js';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import { TIMELINE_KINDS } from '../history/card-timeline.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { listAllCards } from './list-all-cards.js';
import { listAllLedger } from './list-all-ledger.js';

/** The counts of one day, channel and campaign. @category model */
export interface ReportRow {
  readonly day: string;
  readonly channel: string;
  /** `-` for sends without a campaign (GHL). */
  readonly campaign: string;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  replied: number;
  bounced: number;
  unsubscribed: number;
  rejected: number;
  readonly rejectedByTag: Record<string, number>;
  edited: number;
}

export interface DeliveryReport {
  readonly from: string;
  readonly to: string;
  readonly rows: readonly ReportRow[];
  /** False when the audit window read did not reach back to `from` (older events are missing). */
  readonly complete: boolean;
}

const EVENT_METRICS = ['delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed'] as const;
type EventMetric = (typeof EVENT_METRICS)[number];

/** The report's count of a provider event: its kind in a card's timeline, when the report counts that kind. */
const eventMetric = (action: string): EventMetric | undefined => {
  const kind = action.startsWith('webhook.') ? TIMELINE_KINDS[action] : undefined;
  return EVENT_METRICS.find((m) => m === kind);
};

/** How many of the newest audit entries a report reads for webhook events and edits. */
export const REPORT_AUDIT_WINDOW = 100_000;

export type DeliveryReportStore = SendLedger & Cards & AuditLog;

const dayOf = (iso: string): string => iso.slice(0, 10);

/**
 * Counts per UTC day, channel and campaign between `from` and `to` (inclusive days,
 * `YYYY-MM-DD`): sends (the ledger's `sent` entries, on the day they were confirmed), the
 * provider events (delivered, opened, clicked, replied, bounced, unsubscribed: webhook
 * audit entries, attributed to the campaign of the lead's latest send on that channel
 * before the event), rejected cards (by taxonomy tag, on the day of the rejection) and
 * edits (`card.edited` audit entries). Reads the whole ledger, the rejected cards and the
 * newest `REPORT_AUDIT_WINDOW` audit entries: a report, not a hot path.
 *
 * @category use-cases
 */
export const deliveryReport = (deps: UseCaseDeps<DeliveryReportStore, never>, range: { readonly from: string; readonly to: string }): ResultAsync<DeliveryReport, StoreError> =>
  ResultAsync.combine([listAllLedger(deps.store, { state: 'sent' }), listAllCards(deps.store, { status: 'rejected' }), deps.store.listAudit({ limit: REPORT_AUDIT_WINDOW })] as const).andThen(([sends, rejected, audit]) => {
    const edits = audit.filter((e) => e.action === 'card.edited' && e.cardId && inRange(dayOf(e.trace.at), range));
    return ResultAsync.combine(edits.map((e) => deps.store.getCard(e.cardId!))).map((edited): DeliveryReport => {
      const rows = new Map<string, ReportRow>();
      const row = (day: string, channel: string, campaign: string | undefined): ReportRow => {
        const key = `${day}|${channel}|${campaign ?? '-'}`;
        let r = rows.get(key);
        if (!r) rows.set(key, (r = { day, channel, campaign: campaign ?? '-', sent: 0, delivered: 0, opened: 0, clicked: 0, replied: 0, bounced: 0, unsubscribed: 0, rejected: 0, rejectedByTag: {}, edited: 0 }));
        return r;
      };
      const sendsByKey = indexSends(sends);
      for (const s of sends) {
        const day = dayOf(s.finalisedAt ?? s.claimedAt);
        if (inRange(day, range)) row(day, s.channel, s.campaignId).sent++;
      }
      for (const e of audit) {
        const metric = eventMetric(e.action);
        const day = dayOf(e.trace.at);
        if (!metric || !inRange(day, range)) continue;
        const channel = String(e.detail.channel ?? '');
        row(day, channel, campaignOf(sendsByKey, e, channel))[metric]++;
      }
      for (const card of rejected) {
        const day = card.rejection ? dayOf(card.rejection.at) : dayOf(card.updatedAt);
        if (!inRange(day, range)) continue;
        const r = row(day, card.channel, card.campaignId);
        r.rejected++;
        const tag = card.rejection?.tag ?? 'untagged';
        r.rejectedByTag[tag] = (r.rejectedByTag[tag] ?? 0) + 1;
      }
      edits.forEach((e, i) => {
        const card: Card | null | undefined = edited[i];
        row(dayOf(e.trace.at), card?.channel ?? 'unknown', card?.campaignId).edited++;
      });
      const oldest = audit[0];
      const complete = audit.length < REPORT_AUDIT_WINDOW || (oldest !== undefined && dayOf(oldest.trace.at) < range.from);
      const sorted = [...rows.values()].sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.channel !== b.channel ? (a.channel < b.channel ? -1 : 1) : a.campaign < b.campaign ? -1 : a.campaign > b.campaign ? 1 : 0));
      return { from: range.from, to: range.to, rows: sorted, complete };
    });
  });

const inRange = (day: string, range: { readonly from: string; readonly to: string }): boolean => day >= range.from && day <= range.to;

const indexSends = (sends: readonly LedgerEntry[]): Map<string, LedgerEntry[]> => {
  const byKey = new Map<string, LedgerEntry[]>();
  for (const s of sends) for (const key of s.leadKeys) byKey.set(key, [...(byKey.get(key) ?? []), s]);
  return byKey;
};

/** The campaign of the person's latest send on the event's channel before the event. */
const campaignOf = (sendsByKey: Map<string, LedgerEntry[]>, event: AuditEntry, channel: string): string | undefined => {
  const candidates = (event.identityKeys ?? []).flatMap((k) => sendsByKey.get(k) ?? []).filter((s) => s.channel === channel && s.claimedAt <= event.trace.at);
  return candidates.sort((a, b) => (a.claimedAt < b.claimedAt ? 1 : -1))[0]?.campaignId;
};
