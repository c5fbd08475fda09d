import type { IdentityKey, LeadId } from '@caio/core';
import type { RedisIdentity } from './redis-identity.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/**
 * A merge decided in the leads slot (`merge-leads`, which records it atomically with the
 * lead records) and owed to the send slot: unite the absorbed leads' persons into the
 * survivor's, alias their ids, add the survivor's keys.
 *
 * @category adapters
 */
export interface MergeIntent {
  readonly survivor: LeadId;
  readonly absorbed: readonly LeadId[];
  readonly keys: readonly IdentityKey[];
}

export const encodeIntent = (intent: MergeIntent): string => JSON.stringify({ survivor: intent.survivor, absorbed: intent.absorbed, keys: intent.keys });

/**
 * Applies one recorded merge to the send slot, then clears it. Idempotent and safe in any
 * order with other merges: `link-person` only unites, and the survivor is taken as its
 * root now (a later merge may already have absorbed it, applied first).
 */
export const applyMergeIntent = async (redis: RedisClient, keys: RedisKeys, identity: RedisIdentity, encoded: string): Promise<void> => {
  const intent = JSON.parse(encoded) as MergeIntent;
  const root = await identity.rootOf(intent.survivor);
  const roots = await Promise.all(intent.absorbed.map(async (a) => ((await identity.rootOf(a)) === root ? null : a)));
  await identity.link(root, roots.filter((a): a is LeadId => a !== null), intent.keys);
  await redis.completeMerge(1, keys.mergesPending(), encoded, intent.survivor, ...intent.absorbed);
};

/** Applies the pending merges recorded under any of `ids` (the ids a reader is about to decide on); answers whether there were any. */
export const applyPendingMerges = async (redis: RedisClient, keys: RedisKeys, identity: RedisIdentity, ids: readonly string[]): Promise<boolean> => {
  if (ids.length === 0) return false;
  const found = [...new Set((await redis.hmget(keys.mergesPending(), ...ids)).filter((v): v is string => v !== null))];
  for (const encoded of found) await applyMergeIntent(redis, keys, identity, encoded);
  return found.length > 0;
};

/** At start: applies every merge a crash left between its two slots. Returns how many. */
export const applyAllPendingMerges = async (redis: RedisClient, keys: RedisKeys, identity: RedisIdentity): Promise<number> => {
  const found = [...new Set(Object.values(await redis.hgetall(keys.mergesPending())))];
  for (const encoded of found) await applyMergeIntent(redis, keys, identity, encoded);
  return found.length;
};
