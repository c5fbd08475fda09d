import { okAsync, type ResultAsync } from 'neverthrow';
import type { Lead, LeadSource, Tier } from '../../lead/lead.js';
import type { Leads } from '../../ports/leads.js';
import type { Page } from '../../ports/page.js';
import type { StoreError } from '../../ports/store-error.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { leadOverview, type LeadOverview, type LeadOverviewStore, type LeadStatus } from './lead-overview.js';

/** What a lead list asks for; every filter is optional. @category model */
export interface LeadSearch {
  /** Case-insensitive text in the name, company, e-mail or LinkedIn profile. */
  readonly q?: string | undefined;
  readonly source?: LeadSource | undefined;
  readonly sourceLabel?: string | undefined;
  readonly tier?: Tier | undefined;
  readonly status?: LeadStatus | undefined;
  readonly replied?: boolean | undefined;
  readonly suppressed?: boolean | undefined;
  readonly limit?: number | undefined;
  /** The `next` of the previous page. */
  readonly after?: string | undefined;
}

/** A page of leads; `scanned` says how many leads were read to fill it. @category model */
export interface LeadPage extends Page<LeadOverview> {
  readonly scanned: number;
}

/**
 * At most this many leads are read per page: a filter that matches few leads answers a
 * short page with `next`, and the caller continues from there, instead of one request
 * reading the whole store.
 */
export const LEAD_SCAN_BUDGET = 2000;
const READ = 200;

const matchesText = (lead: Lead, q: string): boolean => {
  const needle = q.trim().toLowerCase();
  const hay = [lead.firstName, lead.lastName, [lead.firstName, lead.lastName].filter(Boolean).join(' '), lead.company, lead.identity.email, lead.identity.linkedin].filter(Boolean).join('\n').toLowerCase();
  return hay.includes(needle);
};

const matchesFields = (lead: Lead, s: LeadSearch): boolean =>
  (s.q === undefined || s.q.trim() === '' || matchesText(lead, s.q)) && (s.source === undefined || lead.source === s.source) && (s.tier === undefined || lead.tier === s.tier);

const matchesOverview = (o: LeadOverview, s: LeadSearch): boolean =>
  (s.status === undefined || o.status === s.status) && (s.replied === undefined || o.replied === s.replied) && (s.suppressed === undefined || o.suppressed === s.suppressed);

/**
 * Lists leads in id order (by source label through its index), filtered by text, source,
 * tier, status, reply and suppression. Fields are checked first; the status, reply and
 * suppression (three indexed reads per lead) only for leads that pass them.
 *
 * @category use-cases
 */
export const searchLeads = (deps: UseCaseDeps<Leads & LeadOverviewStore, never>, search: LeadSearch): ResultAsync<LeadPage, StoreError> => {
  const limit = Math.max(1, Math.min(search.limit ?? 50, 500));
  const found: LeadOverview[] = [];
  let scanned = 0;
  const step = (after: string | undefined): ResultAsync<LeadPage, StoreError> =>
    deps.store.listLeads({ ...(search.sourceLabel ? { sourceLabel: search.sourceLabel } : {}), limit: READ, ...(after ? { after } : {}) }).andThen((page) => {
      const examine = (i: number, last: string | undefined): ResultAsync<LeadPage, StoreError> => {
        const lead = page.items[i];
        if (!lead) return page.next && scanned < LEAD_SCAN_BUDGET ? step(page.next) : okAsync(done(page.next ? last : undefined));
        if (found.length === limit) return okAsync(done(last));
        if (scanned >= LEAD_SCAN_BUDGET) return okAsync(done(last));
        scanned++;
        if (!matchesFields(lead, search)) return examine(i + 1, lead.id);
        return leadOverview(deps.store, lead).andThen((o) => {
          if (matchesOverview(o, search)) found.push(o);
          return examine(i + 1, lead.id);
        });
      };
      return examine(0, after);
    });
  const done = (next: string | undefined): LeadPage => ({ items: found, scanned, ...(next ? { next } : {}) });
  return step(search.after);
};
