import { okAsync, type ResultAsync } from 'neverthrow';
import type { Leads } from '../../ports/leads.js';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { DayRecords } from '../../ports/day-records.js';
import type { BatchItem, BatchItemOutcome } from '../../batch/batch.js';
import { evaluateSendPolicy } from '../../policy/evaluate-send-policy.js';
import type { StoreError } from '../../ports/store-error.js';
import { loadPolicyContext, type PolicyContextStore } from '../dispatch/load-policy-context.js';
import type { UseCaseDeps } from '../support/core-deps.js';

/** The roles of the store a batch item preview reads. */
export type PreviewItemStore = Leads & Cards & SendLedger & Suppressions & CadenceStops & ControlsStore & DayRecords & PolicyContextStore;

/**
 * What executing one batch item would do now, computed from reads only: the dry run
 * leaves the store byte-for-byte unchanged.
 *
 * @category model
 */
export const previewItem = (deps: UseCaseDeps<PreviewItemStore>, item: BatchItem): ResultAsync<BatchItemOutcome, StoreError> =>
  deps.store.getCard(item.cardId).andThen((card): ResultAsync<BatchItemOutcome, StoreError> => {
    if (!card) return okAsync({ cardId: item.cardId, result: 'skipped', detail: 'card no longer exists' });
    if (card.contentDigest !== item.contentDigest) return okAsync({ cardId: item.cardId, result: 'snapshot_drift' });
    if (card.status !== 'approved' && card.status !== 'queued') {
      return okAsync({ cardId: item.cardId, result: 'already_claimed', detail: `card is ${card.status}` });
    }
    return deps.store.getLead(card.leadId).andThen((lead) =>
      loadPolicyContext(deps, card, lead, deps.clock.now()).map((context): BatchItemOutcome => {
        const decision = evaluateSendPolicy(context);
        return decision.allowed
          ? { cardId: item.cardId, result: 'sent', detail: 'would send' }
          : { cardId: item.cardId, result: 'denied', detail: decision.denials.map((d) => d.rule).join(',') };
      }),
    );
  });
