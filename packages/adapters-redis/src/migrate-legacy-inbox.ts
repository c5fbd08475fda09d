import { execAll } from './exec-all.js';
import { parseJsonRecord } from './record-codec.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/**
 * The webhook inbox had a hash tag of its own (`{p:inbox}`) until it moved into the audit
 * slot, where one script records, audits and applies an audit-only event. This moves
 * what an older version left in the old place: each event with its retention, its TTL
 * and whether it is still pending, so a replayed delivery stays a duplicate and an event
 * recorded but never applied is still applied at the next start. Idempotent and safe to
 * run from several instances at once: an event already in the new place is kept as it
 * is, and an old key is deleted only after its copy exists. It runs at every
 * (re)connection, which also catches up events written by instances of the older version
 * during a rolling upgrade. Apply claims are not moved: they last seconds, and a pending
 * event without one is applied by the next delivery or start-up replay (every effect is
 * idempotent). Returns how many events were moved.
 *
 * @category adapters
 */
export const migrateLegacyInbox = async (redis: RedisClient, keys: RedisKeys, batch = 500): Promise<number> => {
  const old = keys.legacyInbox;
  let moved = 0;
  for (;;) {
    const ids = await redis.zrange(old.all(), 0, batch - 1);
    if (ids.length === 0) return moved;
    const read = redis.pipeline();
    for (const id of ids) read.get(old.event(id)).pttl(old.event(id)).zscore(old.pending(), id).zscore(old.expiry(), id);
    const replies = (await read.exec()) ?? [];
    const reply = (n: number): unknown => {
      const [error, value] = replies[n] ?? [new Error('a pipelined read of the old inbox got no reply'), null];
      if (error) throw error;
      return value;
    };
    for (const [i, id] of ids.entries()) {
      const [json, ttl, pendingScore, expiresAtMs] = [0, 1, 2, 3].map((j) => reply(i * 4 + j));
      // Gone or expired meanwhile: nothing to keep, only the index entries to drop.
      if (typeof json !== 'string' || typeof ttl !== 'number' || ttl <= 0) continue;
      const retention = typeof expiresAtMs === 'string' ? expiresAtMs : String(parseJsonRecord<{ expiresAtMs: number }>(old.event(id), json).expiresAtMs);
      moved += await redis.importInboxEvent(4, keys.inbox(id), keys.inboxPending(), keys.inboxAll(), keys.inboxExpiry(), id, json, String(ttl), String(retention), typeof pendingScore === 'string' ? pendingScore : '');
    }
    // One slot (the old tag): one atomic MULTI also on a cluster.
    await execAll(
      redis
        .multi()
        .del(...ids.flatMap((id) => [old.event(id), old.claim(id)]))
        .zrem(old.pending(), ...ids)
        .zrem(old.expiry(), ...ids)
        .zrem(old.all(), ...ids),
    );
  }
};
