import type { Card, CardId, SendError } from '@caio/core';
import type { Result, ResultAsync } from 'neverthrow';

/**
 * What one bulk call did for the cards in it. Each chunk is its own outcome: a chunk that
 * ended unknown (timeout, 5xx) says nothing about the chunks that were accepted, and a
 * chunk refused before any call (`SendRejected`) sent nothing.
 *
 * @category adapters
 */
export interface ChunkOutcome<T> {
  readonly cardIds: readonly CardId[];
  readonly result: Result<T, SendError>;
}

/**
 * Splits `items` into calls of at most `size` and runs them (the client's rate limiter and
 * connection slots pace them), returning one outcome per call in input order.
 *
 * @category adapters
 */
export const sendInChunks = async <I extends { readonly card: Card }, T>(items: readonly I[], size: number, send: (chunk: readonly I[]) => ResultAsync<T, SendError>): Promise<readonly ChunkOutcome<T>[]> => {
  const chunks: (readonly I[])[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return Promise.all(chunks.map(async (chunk) => ({ cardIds: chunk.map((item) => item.card.id), result: await send(chunk) })));
};

/** Groups items by a key (a campaign), keeping the first-seen order of keys and items. @category adapters */
export const groupBy = <I, K>(items: readonly I[], key: (item: I) => K): Map<K, I[]> => {
  const groups = new Map<K, I[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};
