import { okAsync, ResultAsync } from 'neverthrow';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { Cadence } from '../../cadence/cadence.js';
import type { Channel } from '../../channel.js';
import type { CardId, LeadId } from '../../ids.js';
import type { LedgerEntry } from '../../ledger/send-ledger.js';
import type { StoreError } from '../../ports/store-error.js';
import { suppressionTargetsForKeys } from '../../suppression/suppression.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { listAllLedger } from '../reports/list-all-ledger.js';

/** A follow-up that is due: step `step` for the lead, after `previousCardId` was sent. */
export interface PlannedFollowUp {
  readonly leadId: LeadId;
  readonly previousCardId: CardId;
  readonly channel: Channel;
  readonly campaignId?: string;
  readonly step: number;
  readonly dueAt: string;
}

/** Why a sent step has no follow-up now (shown by `caio cadence --dry-run`). */
export interface HeldFollowUp {
  readonly previousCardId: CardId;
  readonly step: number;
  readonly reason: 'not_due' | 'cadence_stopped' | 'suppressed' | 'already_planned' | 'lead_missing';
}

export interface CadencePlan {
  readonly due: readonly PlannedFollowUp[];
  readonly held: readonly HeldFollowUp[];
}

const DAY_MS = 86_400_000;

/** The roles of the store planning follow-ups reads. */
export type PlanCadenceStore = Cards & SendLedger & Suppressions & CadenceStops;

/**
 * Plans due follow-ups from reads only: for every sent step whose campaign cadence has
 * a next step, the follow-up is due `delayDays` after the send, unless the lead
 * replied, bounced or unsubscribed, or a card for that step already exists.
 *
 * @category model
 */
export const planCadence = (deps: UseCaseDeps<PlanCadenceStore>, cadences: readonly Cadence[]): ResultAsync<CadencePlan, StoreError> => {
  const now = deps.clock.now().getTime();
  return listAllLedger(deps.store, { state: 'sent' }).andThen((entries) =>
    ResultAsync.combine(
      entries.flatMap((entry) => {
        const cadence = cadences.find((c) => c.channel === entry.channel && (c.campaignId ?? null) === (entry.campaignId ?? null));
        const next = cadence?.steps.find((s) => s.step === entry.step + 1);
        if (!next) return [];
        return [planOne(deps, entry, next.step, next.delayDays, now)];
      }),
    ).map((results) => ({
      due: results.flatMap((r) => (r._tag === 'due' ? [r.plan] : [])),
      held: results.flatMap((r) => (r._tag === 'held' ? [r.held] : [])),
    })),
  );
};

type PlanResult = { readonly _tag: 'due'; readonly plan: PlannedFollowUp } | { readonly _tag: 'held'; readonly held: HeldFollowUp };

const planOne = (deps: UseCaseDeps<PlanCadenceStore>, entry: LedgerEntry, step: number, delayDays: number, now: number): ResultAsync<PlanResult, StoreError> => {
  const held = (reason: HeldFollowUp['reason']): PlanResult => ({ _tag: 'held', held: { previousCardId: entry.cardId, step, reason } });
  const dueAt = new Date(new Date(entry.finalisedAt ?? entry.claimedAt).getTime() + delayDays * DAY_MS);
  if (dueAt.getTime() > now) return okAsync(held('not_due'));
  return ResultAsync.combine([
    deps.store.getCard(entry.cardId),
    deps.store.findCadenceStops(entry.leadKeys),
    deps.store.findSuppressions(suppressionTargetsForKeys(entry.leadKeys)),
  ] as const).andThen(([previous, stops, suppressions]) => {
    if (!previous) return okAsync(held('lead_missing'));
    if (stops.length > 0) return okAsync(held('cadence_stopped'));
    if (suppressions.length > 0) return okAsync(held('suppressed'));
    return deps.store.listCards({ leadId: previous.leadId, limit: 1000 }).map((page): PlanResult => {
      const exists = page.items.some(
        (c) => c.step === step && c.channel === entry.channel && (c.campaignId ?? null) === (entry.campaignId ?? null) && c.status !== 'rejected' && c.status !== 'expired',
      );
      if (exists) return held('already_planned');
      return {
        _tag: 'due',
        plan: {
          leadId: previous.leadId,
          previousCardId: entry.cardId,
          channel: entry.channel,
          ...(entry.campaignId !== undefined ? { campaignId: entry.campaignId } : {}),
          step,
          dueAt: dueAt.toISOString(),
        },
      };
    });
  });
};
