import { mentions, redactJson, redactText, type Card, type ErasurePlan, type ErasureReport, type Lead } from '@caio/core';
import { Cluster, type Redis } from 'ioredis';
import { execAll } from './exec-all.js';
import { unlistCard } from './redis-cards.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { RedisIdentity } from './redis-identity.js';
import { applyPendingMerges } from './redis-merge-intents.js';

const UNSENT: readonly Card['status'][] = ['pending', 'approved', 'queued', 'rejected'];

/** A stored text of the person with its personal values replaced: JSON stays JSON (re-serialised), other text is redacted as text. */
const redactStored = (plan: ErasurePlan, text: string): string => {
  try {
    return JSON.stringify(redactJson(plan, JSON.parse(text) as unknown));
  } catch {
    return redactJson(plan, text);
  }
};

/** Whether a stored value is about the person: it names an identifying value, or it is a record (an audit entry) of their lead or cards. */
const aboutPerson = (plan: ErasurePlan, ids: ReadonlySet<string>, cards: ReadonlySet<string>) => (text: string): boolean => {
  if (mentions(plan, text)) return true;
  if (!text.startsWith('{')) return false;
  try {
    const record = JSON.parse(text) as { leadId?: unknown; cardId?: unknown };
    return (typeof record.leadId === 'string' && ids.has(record.leadId)) || (typeof record.cardId === 'string' && cards.has(record.cardId));
  } catch {
    return false;
  }
};

/**
 * The erasures this process is running, by prefix and intent field, with how many runs of
 * each: process-wide, since two store objects on one prefix (a reopen) share the tenant.
 */
const runningHere = new Map<string, number>();
const runName = (keys: RedisKeys, field: string): string => `${keys.prefix}\u0000${field}`;

/** The field an erasure's intent is kept under: its first tombstone (a keyed hash, never a personal value). */
export const erasureIntentField = (plan: ErasurePlan): string => [...plan.tombstones.map((t) => t.target)].sort()[0] ?? 'erasure';

/**
 * Erasure on Redis, crash-safe in effect. Step one is one `MULTI` in the send slot: the
 * erasure's intent (its plan, in `erasures-pending`), the tombstones (so a re-import is
 * refused from now on), and a block on every key of the person (`suppression:<key>`,
 * reason `erased`), so no claim sends to them while the rest runs. Then, each step
 * idempotent: the person's leads, aliases, person set and unsent cards are deleted, what
 * is keyed by their keys moves to the hashed stand-ins, the block is lifted (nothing of
 * theirs is left to send), and one scrub of the tenant's whole keyspace (`SCAN`, on every
 * master of a cluster) rewrites every value, hash field, list element and set member that
 * mentions a personal value and moves every key whose name does (`move-key.lua`: same
 * hash tag, so same slot; a name an earlier erasure of the person made is united with, not
 * replaced; a key another run moved first is left). Last, the intent is cleared. An
 * erasure a crash interrupted is run again from its intent at the next (re)connection
 * (`resumePending`): the result is as if it had completed. Two runs side by side (another
 * instance resuming it) both complete with the records of one.
 *
 * @category adapters
 */
export class RedisErasure {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly loadLeads: (ids: readonly string[]) => Promise<(Lead | null)[]>,
    private readonly loadCards: (ids: readonly string[]) => Promise<(Card | null)[]>,
  ) {}

  async erase(plan: ErasurePlan): Promise<ErasureReport> {
    const running = runName(this.keys, erasureIntentField(plan));
    runningHere.set(running, (runningHere.get(running) ?? 0) + 1);
    try {
      await this.begin(plan);
      return await this.complete(plan);
    } finally {
      const left = (runningHere.get(running) ?? 1) - 1;
      if (left > 0) runningHere.set(running, left);
      else runningHere.delete(running);
    }
  }

  /** Step one (a test seam too: a crash right after it is what `resumePending` repairs). */
  async begin(plan: ErasurePlan): Promise<void> {
    const k = this.keys;
    const at = plan.tombstones[0]?.at ?? new Date(0).toISOString();
    const begin = this.redis.multi().hset(k.erasuresPending(), erasureIntentField(plan), JSON.stringify(plan));
    for (const t of plan.tombstones) begin.set(k.suppression(t.target), JSON.stringify(t), 'NX').sadd(k.suppressions(), t.target);
    for (const key of plan.keys) begin.set(k.suppression(key), JSON.stringify({ target: key, reason: 'erased', source: 'erasure', at })).srem(k.suppressions(), key);
    await execAll(begin);
  }

  /**
   * Completes every erasure a crash interrupted (at each (re)connection); returns how
   * many. An erasure this process is running is not one of them: run again alongside,
   * its scrub could reach records written after the first run returned.
   */
  async resumePending(): Promise<number> {
    const pending = Object.entries(await this.redis.hgetall(this.keys.erasuresPending())).filter(([field]) => !runningHere.has(runName(this.keys, field)));
    for (const [, plan] of pending) await this.erase(JSON.parse(plan) as ErasurePlan);
    return pending.length;
  }

  private async complete(plan: ErasurePlan): Promise<ErasureReport> {
    const k = this.keys;
    // A merge of the person a crash left half applied is finished first: its intent names
    // their keys, and its send-slot side must not outlive the erasure.
    await applyPendingMerges(this.redis, k, new RedisIdentity(this.redis, k), plan.leadIds);
    const leads = (await this.loadLeads(plan.leadIds)).filter((l): l is Lead => l !== null);
    const forgetLeads = this.redis.multi();
    for (const lead of leads) forgetLeads.del(k.lead(lead.id), k.leadMeta(lead.id)).zrem(k.leadsAll(), lead.id).zrem(k.leadsLabel(lead.sourceLabel), lead.id);
    for (const key of plan.keys) forgetLeads.del(k.identity(key));
    await execAll(forgetLeads);

    let cardsDeleted = 0;
    let cardsRedacted = 0;
    const aliases = (await Promise.all(plan.leadIds.map((id) => this.redis.smembers(k.aliasesOf(id))))).flat();
    const ids = [...new Set([...plan.leadIds, ...aliases])];
    const cardIds = [...new Set((await Promise.all(ids.map((id) => this.redis.zrangebylex(k.cardsLead(id), '-', '+')))).flat())];
    const forgetSend = this.redis.multi();
    for (const id of ids) forgetSend.del(k.person(id), k.alias(id), k.aliasesOf(id)).srem(k.aliases(), id);
    for (const card of (await this.loadCards(cardIds)).filter((c): c is Card => c !== null)) {
      if (!UNSENT.includes(card.status)) {
        // Kept: its receipt and outcome (in the meta hash) may quote the person too.
        await this.redactHash(k.cardMeta(card.id), plan, ['receipt', 'outcomeReason']);
        cardsRedacted++;
        continue;
      }
      cardsDeleted++;
      forgetSend.del(k.card(card.id), k.cardMeta(card.id));
      unlistCard(forgetSend, k, card);
    }
    await execAll(forgetSend);
    const ledgerEntries = await this.rekey(plan);
    // Nothing of theirs is left to send: the block goes (its key names hold the person in clear).
    await execAll(plan.keys.reduce((m, key) => m.del(k.suppression(key)).srem(k.suppressions(), key), this.redis.multi()));

    const scrubbed = { inbox: 0, quarantine: 0, audit: 0 };
    const about = aboutPerson(plan, new Set(ids), new Set(cardIds));
    const nodes = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis as Redis];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, found] = await node.scan(cursor, 'MATCH', k.pattern(), 'COUNT', 500);
        cursor = next;
        for (const key of found) {
          // The intent holds the plan until the erasure is done; it goes last, whole.
          if (key === k.erasuresPending()) continue;
          const changed = await this.scrubKey(key, plan, about);
          if (changed === 0) continue;
          if (key.startsWith(`${k.inboxTag}:event:`)) scrubbed.inbox++;
          else if (key === k.quarantine()) scrubbed.quarantine += changed;
          else if (key === k.auditEntries() || key.startsWith(k.auditTag)) scrubbed.audit += changed;
        }
      } while (cursor !== '0');
    }
    await this.redis.hdel(k.erasuresPending(), erasureIntentField(plan));
    return { leads: leads.length, cardsDeleted, cardsRedacted, ledgerEntries, inboxEvents: scrubbed.inbox, quarantined: scrubbed.quarantine, auditEntries: scrubbed.audit };
  }

  /**
   * What is keyed by an identity key moves to the key's hashed stand-in, as in the reference
   * store: ledger entries' keys, their per-key index, first touches and cadence stops.
   * Returns how many ledger entries named the person.
   */
  private async rekey(plan: ErasurePlan): Promise<number> {
    const k = this.keys;
    const r = this.redis;
    const hashed = (key: string): string => plan.hashedKeys[key] ?? key;
    const ids = new Set<string>();
    for (const key of plan.keys) for (const id of await r.zrangebylex(k.ledgerKey(key), '-', '+')) ids.add(id);
    for (const id of ids) {
      const body = await r.get(k.ledger(id));
      if (body === null) continue;
      const entry = JSON.parse(body) as { leadKeys: string[] };
      await r.set(k.ledger(id), JSON.stringify({ ...entry, leadKeys: entry.leadKeys.map(hashed) }));
      await this.redactHash(k.ledgerMeta(id), plan, ['receipt', 'reason']);
    }
    for (const key of plan.keys) {
      const m = r.multi();
      if ((await r.exists(k.ledgerKey(key))) === 1) m.zunionstore(k.ledgerKey(hashed(key)), 2, k.ledgerKey(hashed(key)), k.ledgerKey(key)).del(k.ledgerKey(key));
      const touch = await r.get(k.touch(key));
      if (touch !== null) m.set(k.touch(hashed(key)), JSON.stringify({ ...(JSON.parse(touch) as object), identityKey: hashed(key) })).sadd(k.touches(), k.touch(hashed(key))).del(k.touch(key)).srem(k.touches(), k.touch(key));
      const stop = await r.get(k.stop(key));
      if (stop !== null) m.set(k.stop(hashed(key)), JSON.stringify({ ...(JSON.parse(stop) as object), identityKey: hashed(key) })).sadd(k.stops(), hashed(key)).del(k.stop(key)).srem(k.stops(), key);
      await execAll(m);
    }
    return ids.size;
  }

  /** Redacts the named fields of one of the person's hashes (names included). */
  private async redactHash(key: string, plan: ErasurePlan, fields: readonly string[]): Promise<void> {
    const values = await this.redis.hmget(key, ...fields);
    const changes = fields.flatMap((field, i) => (values[i] === null || values[i] === undefined ? [] : [field, redactStored(plan, values[i]!)]));
    if (changes.length > 0) await this.redis.hset(key, ...changes);
  }

  /** Redacts one key's content and name; returns how many parts it changed. */
  private async scrubKey(key: string, plan: ErasurePlan, about: (text: string) => boolean): Promise<number> {
    const r = this.redis;
    let changed = 0;
    const type = await r.type(key);
    if (type === 'string') {
      const value = await r.get(key);
      if (value !== null && about(value)) {
        await r.set(key, redactStored(plan, value), 'KEEPTTL');
        changed++;
      }
    } else if (type === 'hash') {
      for (const [field, value] of Object.entries(await r.hgetall(key))) {
        if (!mentions(plan, field) && !about(value)) continue;
        const m = r.multi();
        if (mentions(plan, field)) m.hdel(key, field);
        m.hset(key, redactText(plan, field), redactStored(plan, value));
        await execAll(m);
        changed++;
      }
    } else if (type === 'list') {
      const items = await r.lrange(key, 0, -1);
      for (const [i, item] of items.entries()) {
        if (!about(item)) continue;
        await r.lset(key, i, redactStored(plan, item));
        changed++;
      }
    } else if (type === 'set') {
      for (const member of await r.smembers(key)) {
        if (!mentions(plan, member)) continue;
        await execAll(r.multi().srem(key, member).sadd(key, redactText(plan, member)));
        changed++;
      }
    } else if (type === 'zset') {
      const flat = await r.zrange(key, 0, -1, 'WITHSCORES');
      for (let i = 0; i < flat.length; i += 2) {
        const member = flat[i]!;
        if (!mentions(plan, member)) continue;
        await execAll(r.multi().zrem(key, member).zadd(key, flat[i + 1]!, redactText(plan, member)));
        changed++;
      }
    }
    if (mentions(plan, key) && (await r.moveKey(2, key, redactText(plan, key))) === 1) changed++;
    return changed;
  }
}
