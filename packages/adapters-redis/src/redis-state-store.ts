import type { BatchListing, Clock, StateStore, StoreHealth } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import { redisAuditLog } from './redis-audit-log.js';
import { redisAuditTrail } from './redis-audit-trail.js';
import { redisBatches } from './redis-batches.js';
import { redisBatchListing } from './redis-batch-listing.js';
import { redisCadenceStops } from './redis-cadence-stops.js';
import { redisPolicyInputs } from './redis-policy-inputs.js';
import { redisCards } from './redis-cards.js';
import type { RedisClient } from './redis-client.js';
import { redisControls } from './redis-controls.js';
import { redisEventCounts } from './redis-event-counts.js';
import { redisDayRecords } from './redis-day-records.js';
import { RedisKeys } from './redis-keys.js';
import { RedisIdentity } from './redis-identity.js';
import { redisErasure, redisErasureRole, redisIdentityStore, redisSuppressionListRole } from './redis-identity-store.js';
import { applyAllPendingMerges } from './redis-merge-intents.js';
import { loadLeads, redisLeads } from './redis-leads.js';
import { redisReviewQueue } from './redis-review-queue.js';
import { redisSendLedger } from './redis-send-ledger.js';
import { RedisStoreContext, type RedisStatus } from './redis-store-context.js';
import { redisStoreRecords } from './redis-store-records.js';
import { redisSuppressions } from './redis-suppressions.js';
import { redisWebhookInbox } from './redis-webhook-inbox.js';

export { toStoreError, type RedisStatus } from './redis-store-context.js';

/** The operations the role files provide; the store object itself adds health and close. */
type RoleOperations = Omit<StateStore, 'health' | 'close'> & BatchListing;

/**
 * The shared `StateStore` on Redis (or Redis Cluster), one file per role port
 * (`redis-leads.ts`, `redis-send-ledger.ts`, ...) over one `RedisStoreContext`. Every
 * multi-key transition is one Lua script over keys of one hash tag (see `RedisKeys`);
 * cards and ledger entries keep their mutable fields in a hash so scripts never
 * re-encode JSON. Send-path scripts check the epoch marker this instance saw, so a
 * flushed or replaced database refuses sends (`StoreBlocked`) instead of reading
 * "nothing was sent". The client fails closed: no offline queue, a command timeout
 * (`StoreTimeout`: maybe applied), no resend.
 *
 * @category adapters
 */
export class RedisStateStore implements StateStore, BatchListing {
  readonly keys: RedisKeys;
  private readonly identity: RedisIdentity;
  private readonly context: RedisStoreContext;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    clock: Clock,
    status: RedisStatus,
    private readonly healthCheck: () => Promise<StoreHealth>,
  ) {
    this.keys = new RedisKeys(prefix);
    const c = (this.context = new RedisStoreContext(redis, this.keys, clock, status));
    const roles: RoleOperations = {
      ...redisLeads(c),
      ...redisCards(c),
      ...redisReviewQueue(c),
      ...redisBatches(c),
      ...redisBatchListing(c),
      ...redisSendLedger(c),
      ...redisSuppressions(c),
      ...redisCadenceStops(c),
      ...redisControls(c),
      ...redisWebhookInbox(c),
      ...redisAuditLog(c),
      ...redisAuditTrail(c),
      ...redisDayRecords(c),
      ...redisStoreRecords(c),
      ...redisIdentityStore(c),
      ...redisSuppressionListRole(c),
      ...redisErasureRole(c),
      ...redisEventCounts(c),
      ...redisPolicyInputs(c),
    };
    this.identity = new RedisIdentity(redis, this.keys);
    Object.assign(this, roles);
  }

  /** Migration at connect: person sets for leads written before persons existed (see `RedisIdentity`). */
  buildMissingPersons(): Promise<number> {
    return this.identity.buildMissingPersons((ids) => loadLeads(this.context, ids));
  }

  /**
   * At connect: completes what a crash left between steps: merges decided in the leads
   * slot and not yet applied to the send slot, then erasures begun and not finished.
   */
  async completeInterrupted(): Promise<{ merges: number; erasures: number }> {
    const merges = await applyAllPendingMerges(this.redis, this.keys, this.identity);
    const erasures = await redisErasure(this.context).resumePending();
    return { merges, erasures };
  }

  health(): ResultAsync<StoreHealth, never> {
    return ResultAsync.fromSafePromise(this.healthCheck());
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

// The role operations are assigned in the constructor; this declares them on the class.
export interface RedisStateStore extends RoleOperations {}
