import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import { evaluateSendPolicy } from '../../policy/evaluate-send-policy.js';
import { loadPolicyContext } from './load-policy-context.js';
import { DISPATCHER_ACTOR } from '../../autonomy/autonomy-config.js';
import { cleanDaysInRow } from '../../autonomy/compute-day-record.js';
import type { Batch } from '../../batch/batch.js';
import type { BatchId, CardId } from '../../ids.js';
import { capToday, channelRoom } from '../../policy/cap-today.js';
import { pickWithinCaps } from './pick-within-caps.js';
import type { BatchListing } from '../../ports/batch-listing.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import { dayKey, isWithinWindow } from '../../time/zoned-time.js';
import type { TraceEnvelope } from '../../trace.js';
import { createBatch } from '../batch/create-batch.js';
import { collectPages } from '../reports/collect-pages.js';
import { listAllCards } from '../reports/list-all-cards.js';
import type { CoreDeps } from '../support/core-deps.js';

export interface DispatcherTickResult {
  /** The batch snapshotted this tick, to execute now. */
  readonly created: Batch | null;
  /** Batches to (re-)execute: left `executing` (deferred or stalled), or the dispatcher's own never started. */
  readonly resume: readonly BatchId[];
  readonly summary: string;
}

/**
 * Approved cards the send policy would let out now. The others (a person approval is
 * missing after a fallback, a suppression, another first touch...) are left approved for
 * a person to act on: batching them would only deny them again at every tick.
 */
const sendableNow = (deps: CoreDeps, cards: readonly Card[], now: Date): ResultAsync<{ sendable: readonly Card[]; held: number }, StoreError> =>
  ResultAsync.combine(cards.map((card) => deps.store.getLead(card.leadId).andThen((lead) => loadPolicyContext(deps, card, lead, now)).map((context) => evaluateSendPolicy(context).allowed))).map((allowed) => {
    const sendable = cards.filter((_, i) => allowed[i]);
    return { sendable, held: cards.length - sendable.length };
  });

const allBatches = (listing: BatchListing, status: Batch['status']): ResultAsync<readonly Batch[], StoreError> =>
  collectPages((after) => listing.listBatches({ status, limit: 500, ...(after ? { after } : {}) }));

/**
 * The dispatcher's tick: approved cards of every channel are snapshotted into a batch
 * of its own (`system:dispatcher`), so they are sent with the batch invariants (frozen
 * scope, a re-run never resends). Nothing happens while the stop is engaged or outside
 * the send window; the batch holds no more cards than today's cap leaves, nor more of a
 * channel than its own cap leaves (the claim enforces both atomically anyway). Cards already in an open or executing batch are
 * left to it, and those batches are returned for resumption.
 *
 * @category model
 */
export const dispatcherTick = (deps: CoreDeps, input: { readonly batches: BatchListing; readonly trace: TraceEnvelope }): ResultAsync<DispatcherTickResult, StoreError | VersionConflict> => {
  const now = deps.clock.now();
  const today = dayKey(now, deps.policy.timeZone);
  const idle = (summary: string): DispatcherTickResult => ({ created: null, resume: [], summary });
  return deps.store.getControls().andThen((controls): ResultAsync<DispatcherTickResult, StoreError | VersionConflict> => {
    if (controls.emergencyStop.engaged) return okAsync(idle('emergency stop engaged: nothing dispatched'));
    const windowOpen = isWithinWindow(now, deps.policy.window, deps.policy.timeZone) || (controls.sendWindowOverride && controls.mode === 'supervised');
    if (!windowOpen) return okAsync(idle('outside the send window: nothing dispatched'));
    return deps.store
      .listDayRecords(60)
      .andThen((records) =>
        ResultAsync.combine([deps.store.countDaySends(today), deps.store.countDayChannelSends(today)] as const).map(([sent, byChannel]) => {
          const cap = capToday(deps.policy, cleanDaysInRow(records, today));
          return { cap, sent, room: channelRoom(cap, sent, byChannel) };
        }),
      )
      .andThen(({ cap, sent, room }) => {
        const remaining = cap.cap - sent;
        if (remaining <= 0) return okAsync(idle(`daily cap reached (${sent} of ${cap.cap}; ${cap.reason})`));
        return allBatches(input.batches, 'executing').andThen((executing) =>
          allBatches(input.batches, 'open').andThen((open) => {
            const busy = new Set<CardId>([...executing, ...open].flatMap((b) => b.items.map((i) => i.cardId)));
            const resume = [...executing, ...open.filter((b) => b.createdBy === DISPATCHER_ACTOR)].map((b) => b.id);
            return listAllCards(deps.store, { status: 'approved' })
              .andThen((approved) => sendableNow(deps, approved.filter((c) => !busy.has(c.id)), now))
              .andThen(({ sendable, held }) => {
                const ready = pickWithinCaps(sendable, remaining, room);
                const waiting = sendable.length - ready.length;
                const heldNote = (held > 0 ? `; ${held} approved card(s) held by the send policy` : '') + (waiting > 0 ? `; ${waiting} wait for room under today's cap or a channel's cap` : '');
                if (ready.length === 0) return okAsync({ created: null, resume, summary: `no new approved card${heldNote}; ${resume.length} batch(es) to resume` });
                return createBatch(deps, { cardIds: ready.map((c) => c.id), limit: remaining, trace: { ...input.trace, actor: DISPATCHER_ACTOR } })
                  .map((created): DispatcherTickResult => ({ created, resume, summary: `batch ${created.id} of ${created.items.length} card(s) (cap ${cap.cap}, ${sent} sent today)${heldNote}; ${resume.length} to resume` }))
                  .orElse((e) => (e._tag === 'EmptyBatch' ? okAsync({ created: null, resume, summary: e.message }) : errAsync(e)));
              });
          }),
        );
      });
  });
};
