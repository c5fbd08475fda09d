import { okAsync, ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { CadenceStop } from '../../cadence/cadence.js';
import type { Card, SendReceipt } from '../../card/card.js';
import type { LeadId } from '../../ids.js';
import { identityKeys, type IdentityKey } from '../../lead/identity.js';
import type { Lead } from '../../lead/lead.js';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { AuditTrail } from '../../ports/audit-trail.js';
import type { Leads } from '../../ports/leads.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import type { Suppression } from '../../suppression/suppression.js';
import { suppressionTargetsFor } from '../../suppression/suppression.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { leadOverview, type LeadOverview, type LeadOverviewStore } from './lead-overview.js';

/** Everything known about one lead, for its page. @category model */
export interface LeadDetail extends LeadOverview {
  readonly identityKeys: readonly IdentityKey[];
  /** The lead's fields, each with where the record came from (the lead keeps no per-field origin). */
  readonly fields: readonly { readonly name: string; readonly value: string; readonly provenance: string }[];
  readonly cards: readonly Card[];
  /** Sends over any of its identity keys (the ledger), newest claim first. */
  readonly touches: readonly LedgerEntry[];
  /** What each provider answered for a send. */
  readonly receipts: readonly { readonly cardId: string; readonly step: number; readonly channel: string; readonly receipt: SendReceipt; readonly sandbox: boolean }[];
  /** Audit entries of the lead and of its cards, newest first. */
  readonly history: readonly AuditEntry[];
  /** The provider webhook events among them (`webhook.*`). */
  readonly webhookEvents: readonly AuditEntry[];
  readonly suppressions: readonly Suppression[];
  readonly cadenceStops: readonly CadenceStop[];
}

export type LeadDetailStore = Leads & LeadOverviewStore & SendLedger & AuditLog & AuditTrail;

const AUDIT_LIMIT = 200;

const fieldsOf = (lead: Lead): LeadDetail['fields'] => {
  const provenance = `${lead.source} (${lead.sourceLabel}), ${lead.updatedAt}`;
  const plain: [string, string | undefined][] = [
    ['email', lead.identity.email],
    ['linkedin', lead.identity.linkedin],
    ['first_name', lead.firstName],
    ['last_name', lead.lastName],
    ['company', lead.company],
    ['company_domain', lead.companyDomain],
    ['title', lead.title],
    ['timezone', lead.timezone],
    ['tier', lead.tier],
  ];
  const signals = Object.entries(lead.signals).map(([k, v]): [string, string] => [`signal.${k}`, Array.isArray(v) ? v.join(', ') : String(v)]);
  return [...plain, ...signals].filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '').map(([name, value]) => ({ name, value, provenance }));
};

const newestFirst = (a: AuditEntry, b: AuditEntry): number => (a.trace.at < b.trace.at ? 1 : a.trace.at > b.trace.at ? -1 : 0);

/**
 * A lead's page: its fields, identity keys, cards, sends and receipts, audit history and
 * webhook events, suppressions and cadence stops. `null` when there is no such lead.
 * Webhook events carry no lead id: they are found by the identity keys they named (the
 * audit index by key, `AuditTrail`).
 *
 * @category use-cases
 */
export const leadDetail = (deps: UseCaseDeps<LeadDetailStore, never>, id: LeadId): ResultAsync<LeadDetail | null, StoreError> =>
  deps.store.getLead(id).andThen((lead) => {
    if (!lead) return okAsync(null);
    const keys = identityKeys(lead.identity);
    return leadOverview(deps.store, lead).andThen((overview) =>
      ResultAsync.combine([
        deps.store.listCards({ leadId: lead.id, limit: 1000 }),
        ResultAsync.combine(keys.map((identityKey) => deps.store.listLedger({ identityKey, limit: 1000 }))),
        deps.store.findSuppressions(suppressionTargetsFor(lead.identity)),
        deps.store.findCadenceStops(keys),
        deps.store.listAudit({ leadId: lead.id, limit: AUDIT_LIMIT }),
        ResultAsync.combine(keys.map((key) => deps.store.listAuditByKey(key, AUDIT_LIMIT))),
      ] as const).andThen(([cards, ledgers, suppressions, cadenceStops, leadAudit, keyAudit]) =>
        ResultAsync.combine(cards.items.map((card) => deps.store.listAudit({ cardId: card.id, limit: AUDIT_LIMIT }))).map((cardAudits): LeadDetail => {
          const touches = [...new Map(ledgers.flatMap((p) => p.items).map((e) => [`${e.cardId}#${e.step}`, e])).values()].sort((a, b) => (a.claimedAt < b.claimedAt ? 1 : -1));
          const history = [...new Map([...leadAudit, ...keyAudit.flat(), ...cardAudits.flat()].map((e) => [e.id, e])).values()].sort(newestFirst);
          return {
            ...overview,
            identityKeys: keys,
            fields: fieldsOf(lead),
            cards: [...cards.items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)),
            touches,
            receipts: touches.filter((t) => t.receipt).map((t) => ({ cardId: t.cardId, step: t.step, channel: t.channel, receipt: t.receipt as SendReceipt, sandbox: t.sandbox === true })),
            history,
            webhookEvents: history.filter((e) => e.action.startsWith('webhook.')),
            suppressions,
            cadenceStops,
          };
        }),
      ),
    );
  });
