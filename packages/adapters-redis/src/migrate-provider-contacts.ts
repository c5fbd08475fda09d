import { adoptProviderContacts, type IdentityStore, type LegacyProviderContact, type Leads } from '@caio/core';
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** Where versions before 2026-12-02 kept the provider contact directory: `{p:contact}:<provider>:<contact id>`, a set of identity keys. */
export const legacyContactTag = (keys: RedisKeys): string => `{${keys.prefix}:contact}`;
/**
 * Set once a sweep found no directory entry left, or by `caio state init` on a tenant this
 * version starts (outside the send slot: it is not a record, so `caio state init` ignores it).
 */
export const contactsAdopted = (keys: RedisKeys): string => `${legacyContactTag(keys)}:adopted`;

/**
 * Converts the provider contact directory an older version left in Redis: each GHL
 * contact id becomes the identity key `ghl:<id>` of the person its set named
 * (`adoptProviderContacts`), then the set is deleted. Runs at every (re)connection until
 * one sweep over a tenant holding leads is done, which it marks, so later starts do not walk the keyspace
 * (every version since `learnProviderKeys` records the id on the person at the send
 * itself, so nothing needs the directory after that). An interrupted conversion is run
 * again at the next start: adopting is idempotent, and a set is deleted only once its
 * id is a key of the person. Returns how many entries were converted.
 *
 * @category adapters
 */
export const adoptLegacyProviderContacts = async (redis: RedisClient, keys: RedisKeys, store: Leads & IdentityStore, at: string): Promise<number> => {
  // A tenant without leads has nobody to give an id to (an entry naming no stored lead is
  // dropped anyway): no sweep, no marker. Connecting writes nothing where there is nothing.
  if ((await redis.exists(contactsAdopted(keys))) === 1 || (await redis.zcard(keys.leadsAll())) === 0) return 0;
  const tag = legacyContactTag(keys);
  // The sets share one hash tag, so on a cluster one master holds them all; SCAN each master to find it.
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis as Redis];
  const found = new Set<string>();
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${tag}:ghl:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) found.add(key);
    } while (cursor !== '0');
  }
  let converted = 0;
  for (const key of found) {
    const entry: LegacyProviderContact = { provider: 'ghl', contactId: key.slice(`${tag}:ghl:`.length), keys: await redis.smembers(key) };
    const adopted = await adoptProviderContacts(store, [entry], at);
    if (adopted.isErr()) throw new Error(`provider contact ${key}: ${adopted.error._tag}`);
    await redis.del(key);
    converted++;
  }
  await redis.set(contactsAdopted(keys), at);
  return converted;
};
