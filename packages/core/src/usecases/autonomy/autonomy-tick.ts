import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { AUTONOMY_ACTOR, type AutonomyConfig } from '../../autonomy/autonomy-config.js';
import { evaluateBreakers, type BreakerTrip } from '../../autonomy/breakers.js';
import type { Card } from '../../card/card.js';
import type { CardId } from '../../ids.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';

const STORE_ERRORS: ReadonlySet<string> = new Set(['StoreUnavailable', 'StoreTimeout', 'StoreCorrupt', 'StoreBlocked']);
const isStoreError = (e: { readonly _tag: string }): e is StoreError => STORE_ERRORS.has(e._tag);
import type { TraceEnvelope } from '../../trace.js';
import { approveCard } from '../review/approve-card.js';
import { listAllCards } from '../reports/list-all-cards.js';
import type { CoreDeps } from '../support/core-deps.js';
import { readBreakerFacts } from './breaker-facts.js';
import { fallBackToSupervised } from './set-autonomy-mode.js';

export interface AutonomyTickInput {
  readonly config: AutonomyConfig;
  readonly webhookAuthFailures: number;
  readonly replayPassRate: number | null;
  readonly trace: TraceEnvelope;
}

export type AutonomyTickResult =
  | { readonly _tag: 'Supervised' }
  | { readonly _tag: 'FellBack'; readonly trips: readonly BreakerTrip[] }
  | { readonly _tag: 'Approved'; readonly approved: readonly CardId[]; readonly holding: number };

/**
 * A card `system:autonomy` may approve: pending, of an enabled tier, a quality gate with
 * no finding at all, and untouched for the whole hold (an edit restarts the hold).
 *
 * @category model
 */
export const autonomouslyApprovable = (card: Card, config: AutonomyConfig, now: Date): boolean =>
  card.status === 'pending' &&
  config.tiers.includes(card.tier) &&
  card.quality.passed &&
  card.quality.hits.length === 0 &&
  now.getTime() - Date.parse(card.updatedAt) >= config.reviewDelayMinutes * 60_000;

/**
 * One autonomy tick. In supervised mode it does nothing. In autonomous mode it first
 * runs every breaker on facts read now; any trip sends the mode back to supervised
 * (audited with every trip) and nothing is approved. Otherwise each approvable card is
 * approved by `system:autonomy`, re-reading the mode before each one, so a human who
 * disables autonomy (or rejects the card) mid-tick wins.
 *
 * @category model
 */
export const autonomyTick = (deps: CoreDeps, input: AutonomyTickInput): ResultAsync<AutonomyTickResult, StoreError | VersionConflict> =>
  deps.store.getControls().andThen((controls): ResultAsync<AutonomyTickResult, StoreError | VersionConflict> => {
    if (controls.mode !== 'autonomous') return okAsync({ _tag: 'Supervised' });
    return readBreakerFacts(deps, { thresholds: input.config.breakers, webhookAuthFailures: input.webhookAuthFailures, replayPassRate: input.replayPassRate }).andThen(
      (facts): ResultAsync<AutonomyTickResult, StoreError | VersionConflict> => {
        const trips = evaluateBreakers(facts, input.config.breakers);
        if (trips.length > 0) return fallBackToSupervised(deps, { trips, trace: input.trace }).map(() => ({ _tag: 'FellBack', trips }));
        const now = deps.clock.now();
        return listAllCards(deps.store, { status: 'pending' }).andThen((pending) => {
          const due = pending.filter((c) => autonomouslyApprovable(c, input.config, now));
          const trace = { ...input.trace, actor: AUTONOMY_ACTOR };
          return approveInTurn(deps, due, trace).map((approved): AutonomyTickResult => ({ _tag: 'Approved', approved, holding: pending.length - due.length }));
        });
      },
    );
  });

const approveInTurn = (deps: CoreDeps, cards: readonly Card[], trace: TraceEnvelope): ResultAsync<readonly CardId[], StoreError> =>
  cards.reduce<ResultAsync<CardId[], StoreError>>(
    (done, card) =>
      done.andThen((approved) =>
        deps.store.getControls().andThen((controls) => {
          if (controls.mode !== 'autonomous') return okAsync(approved);
          // A card changed or decided meanwhile is skipped (a human's action wins); a store failure stops the tick.
          return ResultAsync.fromSafePromise(approveCard(deps, { cardId: card.id, trace })).andThen((result) => {
            if (result.isOk()) return okAsync([...approved, card.id]);
            const e = result.error;
            return isStoreError(e) ? errAsync<CardId[], StoreError>(e) : okAsync(approved);
          });
        }),
      ),
    okAsync([]),
  );
