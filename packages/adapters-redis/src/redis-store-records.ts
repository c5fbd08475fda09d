import { daySendsValue, leadKeys, queueMember, storeRecordKey, type Batch, type CadenceStop, type Controls, type DayRecord, type FirstTouch, type StoreAdmin, type StoreError, type StoreRecord, type Suppression } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { execAll } from './exec-all.js';
import { ledgerClaimBody, parseJsonRecord, parseVersioned, splitCard } from './record-codec.js';
import { batchIndexes } from './redis-batches.js';
import { cardIndexes, loadCards, queueIndexes, unlistCard } from './redis-cards.js';
import { inboxEvent, inboxWrite } from './redis-inbox-codec.js';
import { RedisIdentity } from './redis-identity.js';
import { applyAllPendingMerges } from './redis-merge-intents.js';
import { loadLeads } from './redis-leads.js';
import { channelCounts, LEDGER_STATES, loadLedger } from './redis-send-ledger.js';
import { ledgerId, type RedisStoreContext } from './redis-store-context.js';

/** Export and import of `StoreAdmin` on Redis: every role's keys, read and written with their indexes (operator-driven, not atomic as a whole). */
export const redisStoreRecords = (c: RedisStoreContext): Pick<StoreAdmin, 'exportRecords' | 'importRecords'> => {
  const identity = new RedisIdentity(c.redis, c.keys);
  return {
    exportRecords(): ResultAsync<readonly StoreRecord[], StoreError> {
      const k = c.keys;
      return c.call(async () => {
        // A merge decided but not yet applied to the send slot (a crash) is applied first, so its aliases are exported.
        await applyAllPendingMerges(c.redis, k, identity);
        const all = (index: string) => c.redis.zrangebylex(index, '-', '+');
        const records: StoreRecord[] = [];
        for (const lead of await loadLeads(c, await all(k.leadsAll()))) if (lead) records.push({ kind: 'lead', value: lead });
        for (const value of await identity.allAliases()) records.push({ kind: 'lead_alias', value });
        for (const card of await loadCards(c, await all(k.cardsAll()))) if (card) records.push({ kind: 'card', value: card });
        for (const id of await all(k.batchesAll())) {
          const value = await c.redis.get(k.batch(id));
          if (value) records.push({ kind: 'batch', value: parseVersioned<Batch>(k.batch(id), value) });
        }
        for (const entry of await loadLedger(c, await all(k.ledgerAll()))) if (entry) records.push({ kind: 'ledger', value: entry });
        for (const key of await c.redis.smembers(k.touches())) {
          const value = await c.redis.get(key);
          if (value) records.push({ kind: 'first_touch', value: parseJsonRecord<FirstTouch>(key, value) });
        }
        for (const day of await c.redis.smembers(k.days())) {
          const count = Number((await c.redis.get(k.day(day))) ?? '0');
          records.push({ kind: 'day_sends', value: daySendsValue(day, count, channelCounts(await c.redis.hgetall(k.dayChannels(day)))) });
        }
        for (const key of await c.redis.smembers(k.fences())) records.push({ kind: 'fence', value: { resource: key.slice(k.fence('').length), token: Number((await c.redis.get(key)) ?? '0') } });
        for (const target of await c.redis.smembers(k.suppressions())) {
          const value = await c.redis.get(k.suppression(target));
          if (value) records.push({ kind: 'suppression', value: parseJsonRecord<Suppression>(k.suppression(target), value) });
        }
        for (const key of await c.redis.smembers(k.stops())) {
          const value = await c.redis.get(k.stop(key));
          if (value) records.push({ kind: 'cadence_stop', value: parseJsonRecord<CadenceStop>(k.stop(key), value) });
        }
        const controls = await c.redis.get(k.controls());
        if (controls) records.push({ kind: 'controls', value: parseJsonRecord<Controls>(k.controls(), controls) });
        for (const id of await all(k.inboxAll())) {
          const value = await c.redis.get(k.inbox(id));
          if (value) records.push({ kind: 'inbox', value: inboxEvent(k.inbox(id), value, (await c.redis.zscore(k.inboxPending(), id)) === null) });
        }
        for (const day of await all(k.dayRecords())) {
          const value = await c.redis.get(k.dayRecord(day));
          if (value) records.push({ kind: 'day_record', value: parseJsonRecord<DayRecord>(k.dayRecord(day), value) });
        }
        return records.sort((a, b) => (storeRecordKey(a) < storeRecordKey(b) ? -1 : 1));
      });
    },

    importRecords(records: readonly StoreRecord[]): ResultAsync<void, StoreError> {
      const k = c.keys;
      return c.call(async () => {
        for (const record of records) {
          switch (record.kind) {
            case 'lead': {
              const lead = record.value;
              const current = (await loadLeads(c, [lead.id]))[0];
              const m = c.redis.multi();
              if (current && current.sourceLabel !== lead.sourceLabel) m.zrem(k.leadsLabel(current.sourceLabel), lead.id);
              m.set(k.lead(lead.id), JSON.stringify(lead)).del(k.leadMeta(lead.id)).hset(k.leadMeta(lead.id), 'version', String(lead.version)).zadd(k.leadsAll(), 0, lead.id).zadd(k.leadsLabel(lead.sourceLabel), 0, lead.id);
              for (const key of leadKeys(lead)) m.set(k.identity(key), lead.id);
              await identity.link(await identity.rootOf(lead.id), [], leadKeys(lead));
              await execAll(m);
              break;
            }
            case 'lead_alias':
              await identity.importAlias(record.value.id, record.value.survivor);
              break;
            case 'card': {
              const card = record.value;
              const current = (await loadCards(c, [card.id]))[0];
              const { body, meta } = splitCard(card);
              const m = c.redis.multi();
              if (current) unlistCard(m, k, current);
              for (const index of queueIndexes(c.keys, card)) m.zadd(index, 0, queueMember(card));
              m.set(k.card(card.id), body).del(k.cardMeta(card.id)).hset(k.cardMeta(card.id), ...meta).zadd(k.cardsAll(), 0, card.id);
              for (const index of cardIndexes(c.keys, card)) m.zadd(index, 0, card.id);
              await execAll(m);
              break;
            }
            case 'batch': {
              const batch = record.value;
              const m = c.redis.multi().set(k.batch(batch.id), JSON.stringify(batch)).del(k.batchMeta(batch.id)).hset(k.batchMeta(batch.id), 'version', String(batch.version));
              const { adds, removes } = batchIndexes(k, batch.status);
              for (const index of removes) m.zrem(index, batch.id);
              for (const index of adds) m.zadd(index, 0, batch.id);
              await execAll(m);
              break;
            }
            case 'ledger': {
              const entry = record.value;
              const id = ledgerId(entry.cardId, entry.step);
              const m = c.redis.multi();
              for (const state of LEDGER_STATES) m.zrem(k.ledgerState(state), id);
              m.set(k.ledger(id), ledgerClaimBody(entry)).del(k.ledgerMeta(id));
              m.hset(k.ledgerMeta(id), 'state', entry.state, ...(entry.finalisedAt ? ['finalisedAt', entry.finalisedAt] : []), ...(entry.receipt ? ['receipt', JSON.stringify(entry.receipt)] : []), ...(entry.reason !== undefined ? ['reason', entry.reason] : []));
              m.zadd(k.ledgerAll(), 0, id).zadd(k.ledgerState(entry.state), 0, id);
              for (const key of entry.leadKeys) m.zadd(k.ledgerKey(key), 0, id);
              await execAll(m);
              break;
            }
            case 'first_touch':
              await execAll(c.redis.multi().set(k.touch(record.value.identityKey), JSON.stringify(record.value)).sadd(k.touches(), k.touch(record.value.identityKey)));
              break;
            case 'day_sends': {
              const m = c.redis.multi().set(k.day(record.value.dayKey), String(record.value.count)).del(k.dayChannels(record.value.dayKey)).sadd(k.days(), record.value.dayKey);
              const byChannel = Object.entries(record.value.byChannel ?? {});
              if (byChannel.length > 0) m.hset(k.dayChannels(record.value.dayKey), Object.fromEntries(byChannel));
              await execAll(m);
              break;
            }
            case 'fence':
              await execAll(c.redis.multi().set(k.fence(record.value.resource), String(record.value.token)).sadd(k.fences(), k.fence(record.value.resource)));
              break;
            case 'suppression':
              await execAll(c.redis.multi().set(k.suppression(record.value.target), JSON.stringify(record.value)).sadd(k.suppressions(), record.value.target));
              break;
            case 'cadence_stop':
              await execAll(c.redis.multi().set(k.stop(record.value.identityKey), JSON.stringify(record.value)).sadd(k.stops(), record.value.identityKey));
              break;
            case 'controls':
              await c.redis.set(k.controls(), JSON.stringify(record.value));
              break;
            case 'inbox': {
              const { applied, ...event } = record.value;
              const { json, ttl, expiresAtMs } = inboxWrite(event, c.clock.now().getTime());
              const m = c.redis.multi().set(k.inbox(event.eventId), json, 'PX', ttl).zadd(k.inboxAll(), 0, event.eventId).zadd(k.inboxExpiry(), expiresAtMs, event.eventId);
              if (applied) m.zrem(k.inboxPending(), event.eventId);
              else m.zadd(k.inboxPending(), new Date(event.receivedAt).getTime(), event.eventId);
              await execAll(m);
              break;
            }
            case 'day_record':
              await execAll(c.redis.multi().set(k.dayRecord(record.value.day), JSON.stringify(record.value)).zadd(k.dayRecords(), 0, record.value.day));
              break;
          }
        }
      });
    },
  };
};
