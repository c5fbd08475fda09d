import { randomBytes } from 'node:crypto';
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
  /** The merge's announcement in the send slot (`announceMerge`), withdrawn once applied; absent in intents of older versions. */
  readonly announced?: string;
}

export const encodeIntent = (intent: MergeIntent): string =>
  JSON.stringify({ survivor: intent.survivor, absorbed: intent.absorbed, keys: intent.keys, ...(intent.announced !== undefined ? { announced: intent.announced } : {}) });

/**
 * An announcement older than this with no decided merge behind it was left by a merge that
 * stopped before deciding (a crash, or a version conflict whose withdrawal failed): a
 * claim that meets it removes it. A live merge decides within milliseconds of announcing.
 */
export const STALE_ANNOUNCEMENT_MS = 10 * 60_000;

/**
 * Step zero of a merge, in the send slot: announces it under every lead it names before it
 * is decided in the leads slot. A claim that assumes its person (one round trip, no read
 * of the leads slot) refuses itself on an announced lead and reads the leads slot first,
 * so a merge decided there and not yet applied to the send slot (a crash between the two)
 * is never claimed past. Answers the announcement to withdraw.
 */
export const announceMerge = async (redis: RedisClient, keys: RedisKeys, ids: readonly string[], nowMs: number): Promise<string> => {
  const member = `${nowMs}:${randomBytes(8).toString('hex')}`;
  const multi = redis.multi();
  for (const id of new Set(ids)) multi.sadd(keys.mergeAnnounced(id), member);
  await multi.exec();
  return member;
};

/** Withdraws a merge's announcement (applied, refused, or stale). */
export const withdrawAnnouncement = async (redis: RedisClient, keys: RedisKeys, ids: readonly string[], member: string): Promise<void> => {
  const multi = redis.multi();
  for (const id of new Set(ids)) multi.srem(keys.mergeAnnounced(id), member);
  await multi.exec();
};

/** Removes the announcements on `ids` older than STALE_ANNOUNCEMENT_MS (their merges stopped before deciding). */
export const dropStaleAnnouncements = async (redis: RedisClient, keys: RedisKeys, ids: readonly string[], nowMs: number): Promise<void> => {
  for (const id of new Set(ids)) {
    const stale = (await redis.smembers(keys.mergeAnnounced(id))).filter((member) => Number(member.slice(0, member.indexOf(':'))) < nowMs - STALE_ANNOUNCEMENT_MS);
    if (stale.length > 0) await redis.srem(keys.mergeAnnounced(id), ...stale);
  }
};

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
  if (intent.announced !== undefined) await withdrawAnnouncement(redis, keys, [intent.survivor, ...intent.absorbed], intent.announced);
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
