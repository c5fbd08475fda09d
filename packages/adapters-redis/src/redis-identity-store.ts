import type { ErasurePlan, ErasureReport, ErasureStore, IdentityStore, Lead, LeadId, LeadMergeRequest, Page, StoreError, Suppression, SuppressionList, SuppressionQuery, SuppressionTarget, VersionConflict } from '@caio/core';
import { leadKeys } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { loadCards } from './redis-cards.js';
import { RedisErasure } from './redis-erasure.js';
import { RedisIdentity } from './redis-identity.js';
import { announceMerge, applyMergeIntent, encodeIntent, withdrawAnnouncement } from './redis-merge-intents.js';
import { liveLead, loadLeads } from './redis-leads.js';
import { casResult, type RedisStoreContext } from './redis-store-context.js';
import { RedisSuppressionList } from './redis-suppression-list.js';

/** The identity role on Redis: person sets and aliases in the send slot, lead records in the leads slot (see `RedisIdentity`). */
export const redisIdentityStore = (c: RedisStoreContext): IdentityStore => {
  const identity = new RedisIdentity(c.redis, c.keys);
  return {
    saveMergedLead(request: LeadMergeRequest): ResultAsync<Lead, StoreError | VersionConflict> {
      return casResult(
        c.call(async () => {
          const ids = [request.lead.id, ...request.absorbed.map((a) => a.id)];
          const [current, ...absorbed] = await loadLeads(c, ids);
          // Announced in the send slot, decided in the leads slot (records and intent in one
          // script), then applied to the send slot, which withdraws the announcement.
          const announced = await announceMerge(c.redis, c.keys, ids, c.clock.now().getTime());
          const intent = encodeIntent({ survivor: request.lead.id, absorbed: request.absorbed.map((a) => a.id), keys: leadKeys(request.lead), announced });
          const written = await identity.writeLeads(request, current ?? null, absorbed.filter((l): l is Lead => l !== null), intent);
          if ('_tag' in written) {
            await withdrawAnnouncement(c.redis, c.keys, ids, announced);
            return written;
          }
          await applyMergeIntent(c.redis, c.keys, identity, intent);
          return written;
        }),
      );
    },
    resolveLeadId(id: LeadId): ResultAsync<LeadId | null, StoreError> {
      return c.call(async () => ((await liveLead(c, id))?.id ?? null) as LeadId | null);
    },
    listAliases(survivor: LeadId): ResultAsync<readonly LeadId[], StoreError> {
      return c.call(() => identity.aliasesOf(survivor));
    },
  };
};

/** The do-not-contact list on Redis (the claim reads the same suppression keys). */
export const redisSuppressionListRole = (c: RedisStoreContext): SuppressionList => {
  const list = new RedisSuppressionList(c.redis, c.keys);
  return {
    listSuppressions: (query: SuppressionQuery): ResultAsync<Page<Suppression>, StoreError> => c.call(() => list.list(query)),
    removeSuppression: (target: SuppressionTarget): ResultAsync<Suppression | null, StoreError> => c.call(() => list.remove(target)),
  };
};

/** The erasure machinery of a store's context (see `RedisErasure`). */
export const redisErasure = (c: RedisStoreContext): RedisErasure => new RedisErasure(c.redis, c.keys, (ids) => loadLeads(c, ids), (ids) => loadCards(c, ids));

/** Erasure on Redis (see `RedisErasure`). */
export const redisErasureRole = (c: RedisStoreContext): ErasureStore => {
  const erasure = redisErasure(c);
  return { erasePerson: (plan: ErasurePlan): ResultAsync<ErasureReport, StoreError> => c.call(() => erasure.erase(plan)) };
};
