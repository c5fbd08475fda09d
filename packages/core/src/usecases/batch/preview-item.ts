import { okAsync, type ResultAsync } from 'neverthrow';
import type { BatchItem, BatchItemOutcome } from '../../batch/batch.js';
import { evaluateSendPolicy } from '../../policy/evaluate-send-policy.js';
import type { StoreError } from '../../ports/store-error.js';
import { loadPolicyContext } from '../dispatch/load-policy-context.js';
import type { CoreDeps } from '../support/core-deps.js';

/**
 * What executing one batch item would do now, computed from reads only: the dry run
 * leaves the store byte-for-byte unchanged.
 *
 * @category model
 */
export const previewItem = (deps: CoreDeps, item: BatchItem): ResultAsync<BatchItemOutcome, StoreError> =>
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
