import { Cluster, Redis } from 'ioredis';

/** The credentials and TLS settings of the state store's Redis (`REDIS_USERNAME`, `REDIS_PASSWORD`, `REDIS_TLS*`). */
export interface BullSecurity {
  readonly username?: string;
  readonly password?: string;
  /** TLS, always verified: a private CA's PEM bundle and the certificate's name when it differs from the host. */
  readonly tls?: { readonly ca?: string; readonly servername?: string };
}

/** Where BullMQ connects: the state store's Redis (one node) or its cluster, with the same credentials and TLS. */
export type BullConnection = ({ readonly url: string } | { readonly cluster: readonly { readonly host: string; readonly port: number }[] }) & BullSecurity;

const securityOptions = (where: BullSecurity) => ({
  ...(where.username !== undefined ? { username: where.username } : {}),
  ...(where.password !== undefined ? { password: where.password } : {}),
  // rejectUnauthorized is never turned off, as for the store's own connections.
  ...(where.tls ? { tls: { rejectUnauthorized: true, ...(where.tls.ca !== undefined ? { ca: where.tls.ca } : {}), ...(where.tls.servername !== undefined ? { servername: where.tls.servername } : {}) } } : {}),
});

/**
 * A connection for BullMQ. Unlike the state store's fail-closed client, BullMQ's own
 * connections retry commands and queue them while reconnecting (`maxRetriesPerRequest:
 * null`, as BullMQ requires for workers): a job engine that waits out a Redis restart is
 * what we want here, because correctness rests on the send ledger, not on the queue.
 */
export const bullConnection = (where: BullConnection): Redis | Cluster => {
  const client =
    'url' in where
      ? new Redis(where.url, { maxRetriesPerRequest: null, lazyConnect: false, ...securityOptions(where) })
      : new Cluster([...where.cluster], { redisOptions: { maxRetriesPerRequest: null, ...securityOptions(where) }, lazyConnect: false });
  // Errors show in health and in the worker's own events; unhandled they would crash.
  client.on('error', () => undefined);
  return client;
};

/**
 * The queue's key prefix, hash-tagged: every key of the queue hashes to one slot, which
 * BullMQ's scripts need on a Redis Cluster (and which costs nothing on one Redis).
 */
export const jobsPrefix = (keyPrefix: string): string => `{${keyPrefix}:jobs}`;
