import { leadKeys, type IdentityKey, type Lead, type LeadId, type LeadQuery, type Leads, type Page, type StoreError, type VersionConflict } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseVersioned } from './record-codec.js';
import { RedisIdentity } from './redis-identity.js';
import { applyPendingMerges } from './redis-merge-intents.js';
import { casResult, pageIndex, versionConflict, type RedisStoreContext } from './redis-store-context.js';

export const loadLeads = async (c: RedisStoreContext, ids: readonly string[]): Promise<(Lead | null)[]> => {
  if (ids.length === 0) return [];
  const values = await c.redis.mget(...ids.map((id) => c.keys.lead(id)));
  return values.map((v, i) => (v === null ? null : parseVersioned<Lead>(c.keys.lead(ids[i]!), v)));
};

/**
 * A lead by id, or by the id of a lead merged into it (its alias in the send slot). An id
 * absorbed by a merge a crash left half applied (decided in the leads slot, not yet in
 * the send slot) has no alias yet: the merge is applied first, then the id resolves.
 */
export const liveLead = async (c: RedisStoreContext, id: string): Promise<Lead | null> => {
  const lead = (await loadLeads(c, [id]))[0] ?? null;
  if (lead) return lead;
  const identity = new RedisIdentity(c.redis, c.keys);
  const root = await identity.rootOf(id);
  if (root !== id) return (await loadLeads(c, [root]))[0] ?? null;
  return (await applyPendingMerges(c.redis, c.keys, identity, [id])) ? liveLead(c, id) : null;
};

/**
 * Leads on Redis (`{p:leads}`): the lead, its version hash, the listings and the identity
 * index, written by one script, after the lead's keys were added to its person in the
 * send slot (the claim must never see fewer keys than the lead has).
 */
export const redisLeads = (c: RedisStoreContext): Leads => ({
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError> {
    return c.call(() => liveLead(c, id));
  },

  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError> {
    return c.call(async () => {
      if (keys.length === 0) return [];
      const ids = [...new Set((await c.redis.mget(...keys.map((k) => c.keys.identity(k)))).filter((v): v is string => v !== null))].sort();
      // One read for all; only an id that names a merged lead costs a second (its survivor).
      const found = await loadLeads(c, ids);
      const leads = await Promise.all(found.map((lead, i) => lead ?? liveLead(c, ids[i]!)));
      return [...new Map(leads.flatMap((l) => (l ? [[l.id, l] as const] : []))).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    });
  },

  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict> {
    return casResult(c.call(async () => {
      const current = (await loadLeads(c, [lead.id]))[0] ?? null;
      if ((current?.version ?? null) !== expectedVersion) return versionConflict('lead', lead.id, expectedVersion, current?.version ?? null);
      const identity = new RedisIdentity(c.redis, c.keys);
      await identity.link(await identity.rootOf(lead.id), [], leadKeys(lead));
      const removes = current && current.sourceLabel !== lead.sourceLabel ? [c.keys.leadsLabel(current.sourceLabel)] : [];
      const adds = [c.keys.leadsAll(), c.keys.leadsLabel(lead.sourceLabel)];
      const sets = leadKeys(lead).map((k) => c.keys.identity(k));
      const result = await c.redis.putVersioned(2 + removes.length + adds.length + sets.length, c.keys.lead(lead.id), c.keys.leadMeta(lead.id), ...removes, ...adds, ...sets, expectedVersion === null ? '' : String(expectedVersion), JSON.stringify(lead), lead.id, removes.length, adds.length, sets.length, 0, 0, '', '', 'version', String(lead.version));
      return result[0] === 'ok' ? lead : versionConflict('lead', lead.id, expectedVersion, result[1]);
    }));
  },

  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError> {
    const index = query.sourceLabel === undefined ? c.keys.leadsAll() : c.keys.leadsLabel(query.sourceLabel);
    return c.call(() => pageIndex(c, index, query, (ids) => loadLeads(c, ids), () => true, (l) => l.id));
  },
});
