import { Cluster, Redis } from 'ioredis';

/** Where BullMQ connects: the state store's Redis (one node) or its cluster. */
export type BullConnection = { readonly url: string } | { readonly cluster: readonly { readonly host: string; readonly port: number }[] };

/**
 * A connection for BullMQ. Unlike the state store's fail-closed client, BullMQ's own
 * connections retry commands and queue them while reconnecting (`maxRetriesPerRequest:
 * null`, as BullMQ requires for workers): a job engine that waits out a Redis restart is
 * what we want here, because correctness rests on the send ledger, not on the queue.
 */
export const bullConnection = (where: BullConnection): Redis | Cluster => {
  const client =
    'url' in where
      ? new Redis(where.url, { maxRetriesPerRequest: null, lazyConnect: false })
      : new Cluster([...where.cluster], { redisOptions: { maxRetriesPerRequest: null }, lazyConnect: false });
  // Errors show in health and in the worker's own events; unhandled they would crash.
  client.on('error', () => undefined);
  return client;
};

/**
 * The queue's key prefix, hash-tagged: every key of the queue hashes to one slot, which
 * BullMQ's scripts need on a Redis Cluster (and which costs nothing on one Redis).
 */
export const jobsPrefix = (keyPrefix: string): string => `{${keyPrefix}:jobs}`;
