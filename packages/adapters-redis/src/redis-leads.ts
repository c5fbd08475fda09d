import type { IdentityKey, Lead, LeadId, LeadQuery, Leads, Page, StoreError, VersionConflict } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseVersioned } from './record-codec.js';
import { casResult, pageIndex, versionConflict, type RedisStoreContext } from './redis-store-context.js';

export const loadLeads = async (c: RedisStoreContext, ids: readonly string[]): Promise<(Lead | null)[]> => {
  if (ids.length === 0) return [];
  const values = await c.redis.mget(...ids.map((id) => c.keys.lead(id)));
  return values.map((v, i) => (v === null ? null : parseVersioned<Lead>(c.keys.lead(ids[i]!), v)));
};

/** Leads on Redis (`{p:leads}`): the lead, its version hash, the listings and the identity index, written by one script. */
export const redisLeads = (c: RedisStoreContext): Leads => ({
  getLead(id: LeadId): ResultAsync<Lead | null, StoreError> {
    return c.call(async () => (await loadLeads(c, [id]))[0] ?? null);
  },

  findLeadsByKeys(keys: readonly IdentityKey[]): ResultAsync<readonly Lead[], StoreError> {
    return c.call(async () => {
      if (keys.length === 0) return [];
      const ids = [...new Set((await c.redis.mget(...keys.map((k) => c.keys.identity(k)))).filter((v): v is string => v !== null))].sort();
      return (await loadLeads(c, ids)).filter((l): l is Lead => l !== null);
    });
  },

  putLead(lead: Lead, expectedVersion: number | null): ResultAsync<Lead, StoreError | VersionConflict> {
    return casResult(c.call(async () => {
      const current = (await loadLeads(c, [lead.id]))[0] ?? null;
      if ((current?.version ?? null) !== expectedVersion) return versionConflict('lead', lead.id, expectedVersion, current?.version ?? null);
      const removes = current && current.sourceLabel !== lead.sourceLabel ? [c.keys.leadsLabel(current.sourceLabel)] : [];
      const adds = [c.keys.leadsAll(), c.keys.leadsLabel(lead.sourceLabel)];
      const sets = [lead.identity.email ? `email:${lead.identity.email}` : null, lead.identity.linkedin ? `linkedin:${lead.identity.linkedin}` : null].filter((k): k is string => k !== null).map((k) => c.keys.identity(k));
      const result = await c.redis.putVersioned(2 + removes.length + adds.length + sets.length, c.keys.lead(lead.id), c.keys.leadMeta(lead.id), ...removes, ...adds, ...sets, expectedVersion === null ? '' : String(expectedVersion), JSON.stringify(lead), lead.id, removes.length, adds.length, sets.length, 'version', String(lead.version));
      return result[0] === 'ok' ? lead : versionConflict('lead', lead.id, expectedVersion, result[1]);
    }));
  },

  listLeads(query: LeadQuery): ResultAsync<Page<Lead>, StoreError> {
    const index = query.sourceLabel === undefined ? c.keys.leadsAll() : c.keys.leadsLabel(query.sourceLabel);
    return c.call(() => pageIndex(c, index, query, (ids) => loadLeads(c, ids), () => true, (l) => l.id));
  },
});
