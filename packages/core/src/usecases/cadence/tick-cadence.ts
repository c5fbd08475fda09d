import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Leads } from '../../ports/leads.js';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Cadence } from '../../cadence/cadence.js';
import { createCard, type Card } from '../../card/card.js';
import type { CardId } from '../../ids.js';
import type { CardCrafter, CraftError } from '../../ports/card-crafter.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { QualityConfig } from '../../quality/quality-config.js';
import { runQualityGate } from '../../quality/quality-gate.js';
import type { ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';
import { planCadence, type CadencePlan } from './plan-cadence.js';

export interface TickCadenceCommand {
  readonly cadences: readonly Cadence[];
  /** Return the plan and change nothing in the store. */
  readonly dryRun: boolean;
  readonly trace: TraceEnvelope;
}

export interface CadenceTick {
  readonly plan: CadencePlan;
  /** The follow-up cards queued for review (empty for a dry run). */
  readonly created: readonly Card[];
}

export type TickCadenceError = StoreError | VersionConflict | ValidationError | CraftError | NotFound;

/** The roles of the store a cadence tick touches. */
export type TickCadenceStore = Leads & Cards & SendLedger & Suppressions & CadenceStops & AuditLog;

/**
 * Plans due follow-ups and, unless it is a dry run, crafts each one as a new pending
 * card (it goes through review and the same send policy as a first touch; the policy's
 * cadence-order rule checks step n-1 was sent).
 *
 * @category model
 */
export const tickCadence = (
  deps: UseCaseDeps<TickCadenceStore>,
  tools: { readonly crafter: CardCrafter; readonly quality: QualityConfig },
  command: TickCadenceCommand,
): ResultAsync<CadenceTick, TickCadenceError> =>
  planCadence(deps, command.cadences).andThen((plan): ResultAsync<CadenceTick, TickCadenceError> => {
    if (command.dryRun) return okAsync({ plan, created: [] });
    const created: Card[] = [];
    const step = (index: number): ResultAsync<CadenceTick, TickCadenceError> => {
      const due = plan.due[index];
      if (!due) return okAsync({ plan, created });
      return deps.store
        .getLead(due.leadId)
        .andThen((lead): ResultAsync<Card, TickCadenceError> => {
          if (!lead) return errAsync(notFound('lead', due.leadId));
          return tools.crafter
            .craft({ lead, channel: due.channel, step: due.step, ...(due.campaignId !== undefined ? { campaignId: due.campaignId } : {}) })
            .andThen((draft) =>
              createCard(deps.ids.next('card') as CardId, { ...draft, step: due.step }, runQualityGate(draft, tools.quality), command.trace.at).asyncAndThen((card) =>
                deps.store.putCard(card, null),
              ),
            )
            .andThen((card) =>
              audit(deps, command.trace, 'card.follow_up_created', { cardId: card.id, leadId: card.leadId }, { step: card.step, after: due.previousCardId }).map(
                () => card,
              ),
            );
        })
        .andThen((card) => {
          created.push(card);
          return step(index + 1);
        });
    };
    return step(0);
  });

