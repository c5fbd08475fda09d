import type { StoreError } from '@caio/core';
import { randomBytes } from 'node:crypto';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { Cluster, Redis } from 'ioredis';
import { execAll } from './exec-all.js';
import { createRedisClient, type RedisClient, type RedisConnection } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import { toStoreError } from './redis-state-store.js';
import { contactsAdopted } from './migrate-provider-contacts.js';

/** Which database and tenant an epoch operation acts on. */
export interface EpochTarget extends RedisConnection {
  readonly keyPrefix: string;
}

/** An epoch operation the database's state forbids, with what to do instead. @category errors */
export interface EpochRefused {
  readonly _tag: 'EpochRefused';
  readonly reason: string;
}

/** How far a chain of accepted losses is followed (each loss names the marker it replaced). */
const MAX_LOSS_CHAIN = 32;

export const newEpochValue = (): string => randomBytes(16).toString('hex');

/**
 * The marker that replaced `epoch` through accepted losses (`caio state accept-loss`
 * records "old -> new" in `{p:send}:epoch:losses`), followed to the end; `epoch` itself
 * when none replaced it.
 */
export const successorEpoch = async (redis: RedisClient, keys: RedisKeys, epoch: string): Promise<string> => {
  let current = epoch;
  for (let step = 0; step < MAX_LOSS_CHAIN; step++) {
    const next = await redis.hget(keys.epochLosses(), current);
    if (next === null || next === current) return current;
    current = next;
  }
  return current;
};

/**
 * Keys of the tenant that hold records: everything under the send tag but the controls,
 * the leads, and the webhook inbox. Not counted: the controls, the audit log, day
 * records, the quarantine, leases and rate windows, which an app started before
 * `caio state init` writes by itself (its start-up, its scheduler, an engaged stop).
 */
const recordKeys = async (redis: RedisClient, keys: RedisKeys, limit: number): Promise<string[]> => {
  const nodes: Redis[] = (redis as Cluster).isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
  const isRecord = (key: string): boolean => (key.startsWith(`${keys.send}:`) && key !== keys.controls()) || key.startsWith(`${keys.leadsTag}:`) || key.startsWith(`${keys.inboxTag}:`);
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', keys.pattern(), 'COUNT', 1000);
      cursor = next;
      found.push(...batch.filter(isRecord));
      if (found.length >= limit) return found.slice(0, limit);
    } while (cursor !== '0');
  }
  return found;
};

const withClient = <T>(target: EpochTarget, work: (redis: RedisClient, keys: RedisKeys) => Promise<T | EpochRefused>): ResultAsync<T, EpochRefused | StoreError> => {
  const redis = createRedisClient(target);
  const run = async () => {
    try {
      await redis.connect();
      return await work(redis, new RedisKeys(target.keyPrefix));
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  };
  return ResultAsync.fromPromise(run(), toStoreError).andThen((value) =>
    typeof value === 'object' && value !== null && (value as EpochRefused)._tag === 'EpochRefused' ? errAsync(value as EpochRefused) : okAsync(value as T),
  );
};

const refused = (reason: string): EpochRefused => ({ _tag: 'EpochRefused', reason });

/**
 * The explicit, one-time creation of a tenant's epoch marker (`caio state init`). An
 * empty database cannot tell a first deployment from a total loss, so this refuses
 * whenever there is any sign of earlier life: a marker already there, a marker the
 * deployment saw before (`witnessed`, kept outside Redis), a recorded loss, or any data
 * key of the prefix. Those cases are a loss to accept (`replaceRedisEpoch`), not an init.
 *
 * @category adapters
 */
export const initializeRedisEpoch = (target: EpochTarget, options: { readonly witnessed: string | null }): ResultAsync<string, EpochRefused | StoreError> =>
  withClient(target, async (redis, keys) => {
    const marker = await redis.get(keys.epoch());
    if (marker !== null) return refused(`the epoch marker of prefix ${target.keyPrefix} already exists; nothing to initialise`);
    if (options.witnessed !== null) {
      return refused(`this deployment saw epoch marker ${options.witnessed.slice(0, 8)}… on prefix ${target.keyPrefix} before: its data was lost or replaced, which is not a first deployment; run caio state accept-loss`);
    }
    const found = await recordKeys(redis, keys, 3);
    if (found.length) {
      return refused(
        `prefix ${target.keyPrefix} already holds records (${found.join(', ')}${found.length === 3 ? ', …' : ''}): a database with data but no marker lost it, so run caio state accept-loss. ` +
          '(If this really is a first deployment that an app started before `caio state init` wrote to, and nothing was ever sent from this prefix, say so: caio state accept-loss --nothing-to-import --reason "…")',
      );
    }
    const epoch = newEpochValue();
    // NX: two operators initialising at once get one marker, and the loser is told.
    if ((await redis.set(keys.epoch(), epoch, 'NX')) === null) return refused('another operator created the epoch marker meanwhile; nothing to initialise');
    // A tenant this version starts never had a provider contact directory: nothing to sweep for at start.
    await redis.set(contactsAdopted(keys), new Date().toISOString());
    return epoch;
  });

/**
 * Whether there is a loss to accept: the marker is missing, or it is neither the one the
 * deployment saw nor one that replaced it. Refused otherwise (nothing was lost); an
 * operator checks this before re-importing anything.
 */
const checkLoss = async (redis: RedisClient, keys: RedisKeys, witnessed: string | null): Promise<{ readonly marker: string | null } | EpochRefused> => {
  const marker = await redis.get(keys.epoch());
  if (marker !== null && (witnessed === null || (await successorEpoch(redis, keys, witnessed)) === marker)) {
    return refused(`the epoch marker of prefix ${keys.prefix} is in place${witnessed === null ? '' : ' and is the one this deployment knows'}: no loss to accept`);
  }
  return { marker };
};

/** `checkLoss` on its own connection: what `caio state accept-loss` asks before importing. */
export const findRedisLoss = (target: EpochTarget, options: { readonly witnessed: string | null }): ResultAsync<{ readonly marker: string | null }, EpochRefused | StoreError> =>
  withClient(target, (redis, keys) => checkLoss(redis, keys, options.witnessed));

/**
 * After an accepted loss (`caio state accept-loss`): writes a new epoch marker and records
 * that it replaces each of the superseded ones (the marker the deployment saw, and
 * whatever marker Redis holds now), so instances that saw an old one follow to the new
 * one instead of staying blocked. Refuses when nothing was lost.
 *
 * @category adapters
 */
export const replaceRedisEpoch = (target: EpochTarget, options: { readonly witnessed: string | null }): ResultAsync<{ readonly epoch: string; readonly superseded: readonly string[] }, EpochRefused | StoreError> =>
  withClient(target, async (redis, keys) => {
    const loss = await checkLoss(redis, keys, options.witnessed);
    if ('_tag' in loss) return loss;
    const epoch = newEpochValue();
    const superseded = [...new Set([options.witnessed, loss.marker].filter((e): e is string => e !== null))];
    const m = redis.multi().set(keys.epoch(), epoch);
    for (const old of superseded) m.hset(keys.epochLosses(), old, epoch);
    await execAll(m);
    return { epoch, superseded };
  });

/** The epoch marker a tenant holds now (null: missing). */
export const readRedisEpoch = (target: EpochTarget): ResultAsync<string | null, EpochRefused | StoreError> => withClient(target, (redis, keys) => redis.get(keys.epoch()));
