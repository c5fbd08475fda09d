import type { AuditEntry, EventId, InboxAcceptance, InboxAccepted, InboxAppliedMark, InboxBacklog, InboxClaim, InboxClaimVerdict, InboxEvent, InboxRecord, QuarantinedDelivery, StoreError, WebhookInbox } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { execAll } from './exec-all.js';
import { parseJsonRecord } from './record-codec.js';
import { auditIndexes } from './redis-audit-log.js';
import { inboxEvent, inboxRecord, inboxWrite } from './redis-inbox-codec.js';
import type { RedisStoreContext } from './redis-store-context.js';

const QUARANTINE_CAP = 10_000;

const CLAIM_VERDICTS: Readonly<Record<string, InboxClaimVerdict>> = { claimed: 'Claimed', in_progress: 'InProgress', applied: 'Applied', unknown: 'Unknown' };

/** Applied marks, each with its closing audit entry, in one script (`mark-inbox-applied-many.lua`). */
const markApplied = (c: RedisStoreContext, marks: readonly InboxAppliedMark[]): ResultAsync<void, StoreError> => {
  if (marks.length === 0) return c.call(async () => undefined);
  const k = c.keys;
  const keys = [k.inboxPending(), k.auditEntries(), k.auditSeq()];
  const args: string[] = [];
  for (const { eventId, entry } of marks) {
    const lists = entry ? [k.audit(), ...auditIndexes(k, entry)] : [];
    keys.push(k.inboxClaim(eventId), ...lists);
    args.push(eventId, entry ? JSON.stringify(entry) : '', String(lists.length));
  }
  return c.call(async () => {
    await c.redis.markInboxAppliedMany(keys.length, ...keys, ...args);
  });
};

/**
 * The webhook inbox on Redis (`{p:audit}`, next to the audit log): recording an
 * audit-only event applied, and marking events applied with their entries, are one script
 * each over the inbox keys and the audit keys; so are a round's apply claims. The quarantine is a capped list (`{p:inbox}`).
 */
export const redisWebhookInbox = (c: RedisStoreContext): WebhookInbox => ({
  recordInboxEvent(event: Omit<InboxEvent, 'applied'>, claim?: InboxClaim): ResultAsync<InboxRecord, StoreError> {
    const k = c.keys;
    const now = c.clock.now().getTime();
    const { json, ttl, expiresAtMs } = inboxWrite(event, now);
    const key = k.inbox(event.eventId);
    return c.call(async (): Promise<InboxRecord> => {
      const reply = await c.redis.recordInbox(6, key, k.inboxPending(), k.inboxAll(), k.inboxClaim(event.eventId), k.inboxExpiry(), k.inboxPendingTick(), event.eventId, json, String(now), String(new Date(event.receivedAt).getTime()), String(ttl), claim?.holder ?? '', String(claim?.ttlMs ?? 0), String(expiresAtMs));
      return inboxRecord(key, reply);
    });
  },

  recordAppliedInboxEvent(event: Omit<InboxEvent, 'applied'>, entry: AuditEntry): ResultAsync<InboxRecord, StoreError> {
    const k = c.keys;
    const now = c.clock.now().getTime();
    const { json, ttl, expiresAtMs } = inboxWrite(event, now);
    const key = k.inbox(event.eventId);
    const lists = [k.audit(), ...auditIndexes(c.keys, entry)];
    const keys = [key, k.inboxPending(), k.inboxAll(), k.inboxClaim(event.eventId), k.inboxExpiry(), k.auditEntries(), k.auditSeq(), ...lists];
    return c.call(async (): Promise<InboxRecord> => {
      const reply = await c.redis.recordAppliedInbox(keys.length, ...keys, event.eventId, json, String(now), String(ttl), String(expiresAtMs), JSON.stringify(entry));
      return inboxRecord(key, reply);
    });
  },

  acceptInboxEvents(events: readonly InboxAcceptance[]): ResultAsync<readonly InboxAccepted[], StoreError> {
    const k = c.keys;
    const now = c.clock.now().getTime();
    const keys = [k.inboxPending(), k.inboxAll(), k.inboxExpiry(), k.inboxPendingTick(), k.auditEntries(), k.auditSeq()];
    const args: string[] = [String(now), String(events.length)];
    for (const { event, audit } of events) {
      const { json, ttl, expiresAtMs } = inboxWrite(event, now);
      const lists = audit ? [k.audit(), ...auditIndexes(k, audit)] : [];
      keys.push(k.inbox(event.eventId), k.inboxClaim(event.eventId), ...lists);
      args.push(event.eventId, json, String(new Date(event.receivedAt).getTime()), String(ttl), String(expiresAtMs), audit ? JSON.stringify(audit) : '', String(lists.length));
    }
    return c.call(async () => {
      const reply = (await c.redis.acceptInbox(keys.length, ...keys, ...args)) as unknown as string[];
      return reply.map((verdict): InboxAccepted => (verdict === 'new' ? 'New' : 'Duplicate'));
    });
  },

  inboxBacklog(): ResultAsync<InboxBacklog, StoreError> {
    const k = c.keys;
    return c.call(async (): Promise<InboxBacklog> => {
      const [pending, first] = await Promise.all([c.redis.zcard(k.inboxPending()), c.redis.zrange(k.inboxPending(), 0, 0, 'WITHSCORES')]);
      // The score is the receipt in ms (plus a fraction ordering events of the same millisecond).
      return { pending, oldestReceivedAt: first[1] === undefined ? null : new Date(Math.floor(Number(first[1]))).toISOString() };
    });
  },

  markInboxApplied(eventId: EventId, at: string, entry?: AuditEntry): ResultAsync<void, StoreError> {
    // One mark is a batch of one: the same script, so the two can never drift apart.
    return markApplied(c, [entry ? { eventId, at, entry } : { eventId, at }]);
  },

  claimInboxEvents(eventIds: readonly EventId[], claim: InboxClaim): ResultAsync<readonly InboxClaimVerdict[], StoreError> {
    if (eventIds.length === 0) return c.call(async () => []);
    const k = c.keys;
    // Every key is declared (the claims in the ids' order): all live in the audit slot, so the script is cluster-safe.
    const keys = [k.inboxPending(), k.inboxExpiry(), ...eventIds.map((id) => k.inboxClaim(id))];
    return c.call(async () => {
      const reply = await c.redis.claimInbox(keys.length, ...keys, String(c.clock.now().getTime()), claim.holder, String(claim.ttlMs), ...eventIds);
      return reply.map((verdict) => {
        const known = CLAIM_VERDICTS[verdict];
        if (!known) throw new Error(`claim-inbox.lua answered ${verdict}`);
        return known;
      });
    });
  },

  markInboxAppliedMany(marks: readonly InboxAppliedMark[]): ResultAsync<void, StoreError> {
    return markApplied(c, marks);
  },

  pruneInbox(now: string, limit: number): ResultAsync<number, StoreError> {
    const k = c.keys;
    const nowMs = new Date(now).getTime();
    return c.call(async () => {
      const ids = await c.redis.zrangebyscore(k.inboxExpiry(), '-inf', nowMs, 'LIMIT', 0, limit);
      if (ids.length === 0) return 0;
      return c.redis.pruneInbox(3 + 2 * ids.length, k.inboxExpiry(), k.inboxPending(), k.inboxAll(), ...ids.flatMap((id) => [k.inbox(id), k.inboxClaim(id)]), String(nowMs), ...ids);
    });
  },

  releaseInboxClaim(eventId: EventId, holder: string): ResultAsync<void, StoreError> {
    return c.call(async () => {
      await c.redis.releaseInboxClaim(1, c.keys.inboxClaim(eventId), holder);
    });
  },

  listPendingInbox(limit: number): ResultAsync<readonly InboxEvent[], StoreError> {
    return c.call(async () => {
      const ids = await c.redis.zrange(c.keys.inboxPending(), 0, Math.max(0, limit - 1));
      if (ids.length === 0) return [];
      const values = await c.redis.mget(...ids.map((id) => c.keys.inbox(id)));
      return values.flatMap((v, i) => (v === null ? [] : [inboxEvent(c.keys.inbox(ids[i]!), v, false)]));
    });
  },

  quarantine(delivery: QuarantinedDelivery): ResultAsync<void, StoreError> {
    return c.call(async () => {
      await execAll(c.redis.multi().rpush(c.keys.quarantine(), JSON.stringify(delivery)).ltrim(c.keys.quarantine(), -QUARANTINE_CAP, -1));
    });
  },

  listQuarantine(limit: number): ResultAsync<readonly QuarantinedDelivery[], StoreError> {
    return c.call(async () => (await c.redis.lrange(c.keys.quarantine(), -limit, -1)).map((v) => parseJsonRecord<QuarantinedDelivery>(c.keys.quarantine(), v)));
  },
});
