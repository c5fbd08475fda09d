import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Leads } from '../../ports/leads.js';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { DayRecords } from '../../ports/day-records.js';
import type { StoreAdmin } from '../../ports/store-admin.js';
import type { Card } from '../../card/card.js';
import { transitionCard, type IllegalTransition } from '../../card/lifecycle.js';
import type { AttemptId, CardId } from '../../ids.js';
import type { Lead } from '../../lead/lead.js';
import type { Fence, SendOutcome } from '../../ledger/send-ledger.js';
import { recordPolicyDecision } from '../../policy/decision-record.js';
import { evaluateSendPolicy } from '../../policy/evaluate-send-policy.js';
import type { SendError } from '../../ports/outbound-channel.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import type { IdentityStore } from '../../ports/identity-store.js';
import { learnProviderKeys } from '../leads/learn-provider-keys.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';
import type { DispatchOutcome } from './dispatch-outcome.js';
import { loadPolicyContext, type PolicyContextStore } from './load-policy-context.js';

/** What the batch snapshot froze; dispatch refuses a card that no longer matches. */
export interface SnapshotExpectation {
  readonly version: number;
  readonly contentDigest: string;
}

export interface DispatchCardCommand {
  readonly cardId: CardId;
  readonly trace: TraceEnvelope;
  readonly expected?: SnapshotExpectation;
  readonly fence?: Fence;
}

export type DispatchError = StoreError | VersionConflict | IllegalTransition | NotFound;

const toOutcome = (error: SendError): SendOutcome =>
  error._tag === 'SendUnknown'
    ? { state: 'unknown', reason: error.message }
    : { state: 'failed', reason: error._tag === 'SendRetryable' ? `not processed by the provider: ${error.message}` : error.message };

/** The roles of the store a dispatch reads and writes (the policy context, the claim, the outcome, the audit). */
export type DispatchCardStore = Leads & IdentityStore & Cards & SendLedger & Suppressions & CadenceStops & ControlsStore & AuditLog & DayRecords & PolicyContextStore & Pick<StoreAdmin, 'health'>;

/**
 * Sends one card at most once. The steps, in order:
 * 0. refuse while the store blocks sends (`StoreBlocked`, with its reason);
 * 1. re-read the card and compare its digest with the snapshot (drift -> nothing sent);
 * 2. evaluate the send policy with state read fresh from the store, and audit the
 *    decision with what it read (`send.decided`);
 * 3. move `approved -> queued` (compare-and-set on the version);
 * 4. claim in the ledger: one atomic step that also marks the card `sending`;
 * 5. read the emergency stop once more, right before the provider call;
 * 6. call the channel exactly once;
 * 7. finalise as `sent | failed | unknown`.
 * A crash after step 4 leaves `sending`, which recovery turns into `unknown`, never a
 * retry. A store error before step 6 means nothing was sent; after it, `unknown`.
 *
 * @category model
 */
export const dispatchCard = (deps: UseCaseDeps<DispatchCardStore>, command: DispatchCardCommand): ResultAsync<DispatchOutcome, DispatchError> => {
  const { store, clock } = deps;
  const { trace } = command;

  return store
    .getCard(command.cardId)
    .andThen((card) => (card ? okAsync(card) : errAsync(notFound('card', command.cardId))))
    .andThen((card): ResultAsync<DispatchOutcome, DispatchError> => {
      if (command.expected && card.contentDigest !== command.expected.contentDigest) {
        return okAsync({ _tag: 'SnapshotDrift', detail: `card content changed after the snapshot (version ${command.expected.version} -> ${card.version})` });
      }
      if (card.status !== 'approved' && card.status !== 'queued') {
        return okAsync({ _tag: 'ClaimRefused', reason: 'card_not_queued', detail: `card is ${card.status}` });
      }
      // In its undo window the approval may still be withdrawn: nothing sends it yet, batch or not.
      if (card.sendAfter !== undefined && clock.now().getTime() < Date.parse(card.sendAfter)) {
        return okAsync({ _tag: 'ClaimRefused', reason: 'card_not_queued', detail: `approved with an undo window until ${card.sendAfter}` });
      }
      return refuseWhileBlocked(deps).andThen(() => store.getLead(card.leadId)).andThen((lead) =>
        loadPolicyContext(deps, card, lead, clock.now()).andThen((context) => {
          const decision = evaluateSendPolicy(context);
          // Every decision is audited with what it read, so `caio replay record` can replay it.
          return audit(deps, trace, 'send.decided', { cardId: card.id, leadId: card.leadId }, recordPolicyDecision(context, decision)).andThen(
            (): ResultAsync<DispatchOutcome, DispatchError> => {
              if (!decision.allowed) return okAsync({ _tag: 'Denied', denials: decision.denials });
              if (!lead) return errAsync(notFound('lead', card.leadId));
              return queue(deps, card, trace).andThen((queued) => claimAndSend(deps, command, queued, lead, decision));
            },
          );
        }),
      );
    });
};

/**
 * A store that blocks sends (epoch marker lost or changed, wrong eviction policy,
 * unreachable) refuses before the policy is asked: the answer names the block and what
 * to do, not a policy rule (`outside_send_window`) that happens to fail too.
 */
const refuseWhileBlocked = (deps: { readonly store: Pick<StoreAdmin, 'health'> }): ResultAsync<void, DispatchError> =>
  deps.store.health().andThen((health) => (health.sendsBlocked ? errAsync<void, DispatchError>({ _tag: 'StoreBlocked', reason: health.sendsBlocked }) : okAsync(undefined)));

const queue = (deps: UseCaseDeps<DispatchCardStore>, card: Card, trace: TraceEnvelope): ResultAsync<Card, DispatchError> => {
  if (card.status === 'queued') return okAsync(card);
  return transitionCard(card, 'queued', trace.at)
    .asyncAndThen((next) => deps.store.putCard(next, card.version))
    .andThen((queued) => audit(deps, trace, 'card.queued', { cardId: card.id, leadId: card.leadId }).map(() => queued));
};

const claimAndSend = (
  deps: UseCaseDeps<DispatchCardStore>,
  command: DispatchCardCommand,
  card: Card,
  lead: Lead,
  decision: { readonly dayKey: string; readonly dailyCap: number },
): ResultAsync<DispatchOutcome, DispatchError> => {
  const { store } = deps;
  const { trace } = command;
  const channel = deps.channels[card.channel];
  const attemptId = deps.ids.next('attempt') as AttemptId;
  return store
    .claimSend({
      cardId: card.id,
      step: card.step,
      attemptId,
      channel: card.channel,
      ...(card.campaignId !== undefined ? { campaignId: card.campaignId } : {}),
      leadKeys: card.leadKeys,
      leadId: card.leadId,
      // The snapshot's digest when batched: the store refuses if the card drifted since.
      contentDigest: command.expected?.contentDigest ?? card.contentDigest,
      expectedVersion: card.version,
      dayKey: decision.dayKey,
      dailyCap: decision.dailyCap,
      ...(channel?.sandbox ? { sandbox: true } : {}),
      ...(command.fence ? { fence: command.fence } : {}),
      trace,
    })
    .map((entry) => ({ claimed: true as const, entry }))
    .orElse((error) =>
      error._tag === 'ClaimRefused' ? okAsync({ claimed: false as const, refusal: error }) : errAsync<never, DispatchError>(error),
    )
    .andThen((claim): ResultAsync<DispatchOutcome, DispatchError> => {
      if (!claim.claimed) return okAsync({ _tag: 'ClaimRefused', reason: claim.refusal.reason, detail: claim.refusal.detail });
      const finalise = (outcome: SendOutcome): ResultAsync<SendOutcome, DispatchError> =>
        store
          .recordOutcome({ cardId: card.id, step: card.step, attemptId, outcome, trace, ...(command.fence ? { fence: command.fence } : {}) })
          .mapErr((e): DispatchError => (e._tag === 'OutcomeRefused' ? { _tag: 'StoreUnavailable', message: `outcome refused: ${e.detail}` } : e))
          .andThen(() =>
            audit(deps, trace, `send.${outcome.state}`, { cardId: card.id, leadId: card.leadId }, {
              attemptId,
              channel: card.channel,
              step: card.step,
              ...(outcome.state === 'sent' ? { receipt: outcome.receipt } : { reason: outcome.reason }),
            }),
          )
          // The provider's id for the person (GHL contact, Instantly lead) becomes one of their keys.
          .andThen(() => (outcome.state === 'sent' ? learnProviderKeys(deps, card, outcome.receipt, trace) : okAsync(undefined)))
          .map(() => outcome);

      // The lead's keys too: after a loss of the store, an audit archive can rebuild the first touches.
      return audit(deps, trace, 'send.claimed', { cardId: card.id, leadId: card.leadId }, { attemptId, channel: card.channel, step: card.step, leadKeys: card.leadKeys })
        .andThen(() => store.getControls())
        .andThen((controls) => {
          // The fresh read right before the call: a stop engaged after the claim wins.
          if (controls.emergencyStop.engaged) return finalise({ state: 'failed', reason: 'emergency stop engaged before the provider call; nothing was sent' });
          if (!channel) return finalise({ state: 'failed', reason: `no ${card.channel} channel is configured; nothing was sent` });
          return ResultAsync.fromSafePromise(
            channel.send({ card, lead, attemptId, idempotencyKey: `${card.id}:${card.step}` }).match(
              (receipt): SendOutcome => ({ state: 'sent', receipt }),
              (error): SendOutcome => toOutcome(error),
            ),
          ).andThen(finalise);
        })
        .map((outcome): DispatchOutcome => {
          if (outcome.state === 'sent') return { _tag: 'Sent', receipt: outcome.receipt, sandbox: channel?.sandbox ?? false };
          if (outcome.state === 'failed') return { _tag: 'Failed', reason: outcome.reason };
          return { _tag: 'Unknown', reason: outcome.reason };
        });
    });
};
