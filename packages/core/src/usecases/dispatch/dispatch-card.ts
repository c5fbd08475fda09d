import { err, ok, ResultAsync, type Result } from 'neverthrow';
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
import { leadKeys, type Lead } from '../../lead/lead.js';
import { sortKeys } from '../../lead/identity.js';
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
export const dispatchCard = (deps: UseCaseDeps<DispatchCardStore>, command: DispatchCardCommand): ResultAsync<DispatchOutcome, DispatchError> =>
  steps(async (): Promise<Result<DispatchOutcome, DispatchError>> => {
    const { store, clock } = deps;
    const { trace } = command;
    const read = await store.getCard(command.cardId);
    if (read.isErr()) return err(read.error);
    const card = read.value;
    if (!card) return err(notFound('card', command.cardId));
    if (command.expected && card.contentDigest !== command.expected.contentDigest) {
      return ok({ _tag: 'SnapshotDrift', detail: `card content changed after the snapshot (version ${command.expected.version} -> ${card.version})` });
    }
    if (card.status !== 'approved' && card.status !== 'queued') {
      return ok({ _tag: 'ClaimRefused', reason: 'card_not_queued', detail: `card is ${card.status}` });
    }
    // In its undo window the approval may still be withdrawn: nothing sends it yet, batch or not.
    if (card.sendAfter !== undefined && clock.now().getTime() < Date.parse(card.sendAfter)) {
      return ok({ _tag: 'ClaimRefused', reason: 'card_not_queued', detail: `approved with an undo window until ${card.sendAfter}` });
    }
    const blocked = await refuseWhileBlocked(deps);
    if (blocked.isErr()) return err(blocked.error);
    const lead = await store.getLead(card.leadId);
    if (lead.isErr()) return err(lead.error);
    const context = await loadPolicyContext(deps, card, lead.value, clock.now());
    if (context.isErr()) return err(context.error);
    const decision = evaluateSendPolicy(context.value);
    // Every decision is audited with what it read, so `caio replay record` can replay it.
    const decided = await audit(deps, trace, 'send.decided', { cardId: card.id, leadId: card.leadId }, recordPolicyDecision(context.value, decision));
    if (decided.isErr()) return err(decided.error);
    if (!decision.allowed) return ok({ _tag: 'Denied', denials: decision.denials });
    if (!lead.value) return err(notFound('lead', card.leadId));
    const queued = await queue(deps, card, trace);
    if (queued.isErr()) return err(queued.error);
    return claimAndSend(deps, command, queued.value, lead.value, decision);
  });

/**
 * The dispatch path's steps as one async body returning early on the first error: the
 * same `ResultAsync` to callers, without a promise and a wrapper per chained step.
 */
const steps = <T, E>(body: () => Promise<Result<T, E>>): ResultAsync<T, E> => new ResultAsync(body());

/**
 * A store that blocks sends (epoch marker lost or changed, wrong eviction policy,
 * unreachable) refuses before the policy is asked: the answer names the block and what
 * to do, not a policy rule (`outside_send_window`) that happens to fail too.
 */
const refuseWhileBlocked = async (deps: { readonly store: Pick<StoreAdmin, 'health'> }): Promise<Result<void, DispatchError>> => {
  const health = await deps.store.health();
  return health.isOk() && health.value.sendsBlocked ? err({ _tag: 'StoreBlocked', reason: health.value.sendsBlocked }) : ok(undefined);
};

const queue = async (deps: UseCaseDeps<DispatchCardStore>, card: Card, trace: TraceEnvelope): Promise<Result<Card, DispatchError>> => {
  if (card.status === 'queued') return ok(card);
  const next = transitionCard(card, 'queued', trace.at);
  if (next.isErr()) return err(next.error);
  const queued = await deps.store.putCard(next.value, card.version);
  if (queued.isErr()) return err(queued.error);
  const audited = await audit(deps, trace, 'card.queued', { cardId: card.id, leadId: card.leadId });
  return audited.isErr() ? err(audited.error) : ok(queued.value);
};

const claimAndSend = async (
  deps: UseCaseDeps<DispatchCardStore>,
  command: DispatchCardCommand,
  card: Card,
  lead: Lead,
  decision: { readonly dayKey: string; readonly dailyCap: number; readonly channelDailyCap?: number },
): Promise<Result<DispatchOutcome, DispatchError>> => {
  const { store } = deps;
  const { trace } = command;
  const channel = deps.channels[card.channel];
  const attemptId = deps.ids.next('attempt') as AttemptId;
  const claim = await store.claimSend({
    cardId: card.id,
    step: card.step,
    attemptId,
    channel: card.channel,
    ...(card.campaignId !== undefined ? { campaignId: card.campaignId } : {}),
    leadKeys: card.leadKeys,
    leadId: card.leadId,
    // The person as read for the policy: Redis claims on it in one round trip when it still holds.
    person: { root: lead.id, keys: sortKeys([...card.leadKeys, ...leadKeys(lead)]), companyDomain: lead.companyDomain ?? null },
    // The snapshot's digest when batched: the store refuses if the card drifted since.
    contentDigest: command.expected?.contentDigest ?? card.contentDigest,
    expectedVersion: card.version,
    dayKey: decision.dayKey,
    dailyCap: decision.dailyCap,
    ...(decision.channelDailyCap !== undefined ? { channelDailyCap: decision.channelDailyCap } : {}),
    ...(channel?.sandbox ? { sandbox: true } : {}),
    ...(command.fence ? { fence: command.fence } : {}),
    trace,
  });
  if (claim.isErr()) return claim.error._tag === 'ClaimRefused' ? ok({ _tag: 'ClaimRefused', reason: claim.error.reason, detail: claim.error.detail }) : err(claim.error);

  const finalise = async (outcome: SendOutcome): Promise<Result<DispatchOutcome, DispatchError>> => {
    const recorded = await store.recordOutcome({ cardId: card.id, step: card.step, attemptId, outcome, trace, ...(command.fence ? { fence: command.fence } : {}) });
    if (recorded.isErr()) return err(recorded.error._tag === 'OutcomeRefused' ? { _tag: 'StoreUnavailable', message: `outcome refused: ${recorded.error.detail}` } : recorded.error);
    const audited = await audit(deps, trace, `send.${outcome.state}`, { cardId: card.id, leadId: card.leadId }, {
      attemptId,
      channel: card.channel,
      step: card.step,
      ...(outcome.state === 'sent' ? { receipt: outcome.receipt } : { reason: outcome.reason }),
    });
    if (audited.isErr()) return err(audited.error);
    // The provider's id for the person (GHL contact, Instantly lead) becomes one of their keys.
    if (outcome.state === 'sent') {
      const learned = await learnProviderKeys(deps, card, outcome.receipt, trace);
      if (learned.isErr()) return err(learned.error);
      return ok({ _tag: 'Sent', receipt: outcome.receipt, sandbox: channel?.sandbox ?? false });
    }
    return ok(outcome.state === 'failed' ? { _tag: 'Failed', reason: outcome.reason } : { _tag: 'Unknown', reason: outcome.reason });
  };

  // The lead's keys too: after a loss of the store, an audit archive can rebuild the first touches.
  const claimed = await audit(deps, trace, 'send.claimed', { cardId: card.id, leadId: card.leadId }, { attemptId, channel: card.channel, step: card.step, leadKeys: card.leadKeys });
  if (claimed.isErr()) return err(claimed.error);
  const controls = await store.getControls();
  if (controls.isErr()) return err(controls.error);
  // The fresh read right before the call: a stop engaged after the claim wins.
  if (controls.value.emergencyStop.engaged) return finalise({ state: 'failed', reason: 'emergency stop engaged before the provider call; nothing was sent' });
  if (!channel) return finalise({ state: 'failed', reason: `no ${card.channel} channel is configured; nothing was sent` });
  const sent = await channel.send({ card, lead, attemptId, idempotencyKey: `${card.id}:${card.step}` });
  return finalise(sent.isOk() ? { state: 'sent', receipt: sent.value } : toOutcome(sent.error));
};
