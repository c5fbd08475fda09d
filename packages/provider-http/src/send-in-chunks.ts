import type { Card, CardId, SendError } from '@caio/core';
import { err, type Result, type ResultAsync } from 'neverthrow';

/**
 * What one bulk call did for the cards in it. Each chunk is its own outcome: a chunk that
 * ended unknown (timeout, 5xx) says nothing about the chunks that were accepted, and a
 * card refused before any call (`SendRejected`) sent nothing.
 *
 * @category adapters
 */
export interface ChunkOutcome<T> {
  readonly cardIds: readonly CardId[];
  readonly result: Result<T, SendError>;
}

/** How a provider takes cards in bulk. @category adapters */
export interface BulkPlan<I extends { readonly card: Card }, K, T> {
  /** Why the provider cannot take this card, found before any call; `null` if it can. */
  readonly refuse: (item: I) => SendError | null;
  /** The campaign a card goes to: one call never mixes campaigns. */
  readonly campaignOf: (item: I) => K;
  /** The provider's maximum per call. */
  readonly size: number;
  readonly send: (campaign: K, chunk: readonly I[]) => ResultAsync<T, SendError>;
}

/**
 * Refuses what the provider cannot take (one outcome per refused card, no call), groups
 * the rest by campaign in first-seen order, and sends each group in calls of at most
 * `size` (the client's rate limiter and connection slots pace them). One outcome per call.
 *
 * @category adapters
 */
export const sendInChunks = async <I extends { readonly card: Card }, K, T>(items: readonly I[], plan: BulkPlan<I, K, T>): Promise<readonly ChunkOutcome<T>[]> => {
  const refused: ChunkOutcome<T>[] = [];
  const groups = new Map<K, I[]>();
  for (const item of items) {
    const refusal = plan.refuse(item);
    if (refusal) {
      refused.push({ cardIds: [item.card.id], result: err(refusal) });
      continue;
    }
    const campaign = plan.campaignOf(item);
    const group = groups.get(campaign);
    if (group) group.push(item);
    else groups.set(campaign, [item]);
  }
  const calls: { campaign: K; chunk: readonly I[] }[] = [];
  for (const [campaign, group] of groups) for (let i = 0; i < group.length; i += plan.size) calls.push({ campaign, chunk: group.slice(i, i + plan.size) });
  const sent = await Promise.all(calls.map(async ({ campaign, chunk }) => ({ cardIds: chunk.map((item) => item.card.id), result: await plan.send(campaign, chunk) })));
  return [...refused, ...sent];
};
