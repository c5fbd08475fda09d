import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import { jitteredBackoffMs } from '@caio/core';
import { luaCommand, type LuaCommand } from './lua-command.js';
import { LUA } from './lua-scripts.js';

type Reply = [string, string?];
type Command = (numberOfKeys: number, ...args: (string | number)[]) => Promise<Reply>;

/** An ioredis client (single node or cluster) with the store's scripts as functions of it (`luaCommand`). */
export type RedisClient = (Redis | Cluster) & {
  claimSend: Command;
  linkPerson: Command;
  removeSuppression: (numberOfKeys: number, ...args: string[]) => Promise<string | null>;
  mergeLeads: (numberOfKeys: number, ...args: (string | number)[]) => Promise<string[]>;
  completeMerge: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  recordOutcome: (numberOfKeys: number, ...args: string[]) => Promise<string[]>;
  readPolicyInputs: (numberOfKeys: number, ...args: string[]) => Promise<(string | number)[]>;
  readDayRecords: (numberOfKeys: number, ...args: string[]) => Promise<string[]>;
  putVersioned: Command;
  putControls: Command;
  recordInbox: Command;
  acceptInbox: Command;
  recordAppliedInbox: Command;
  claimInbox: (numberOfKeys: number, ...args: string[]) => Promise<string[]>;
  markInboxAppliedMany: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  importInboxEvent: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  appendAudit: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  acquireLease: (numberOfKeys: number, ...args: (string | number)[]) => Promise<number>;
  releaseLease: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  releaseInboxClaim: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  pruneInbox: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  renewLease: (numberOfKeys: number, ...args: (string | number)[]) => Promise<number>;
  rateGate: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  dropAuditHead: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  readAudit: (numberOfKeys: number, ...args: (string | number)[]) => Promise<string[]>;
  setOnce: (numberOfKeys: number, ...args: string[]) => Promise<number>;
  moveKey: (numberOfKeys: number, ...args: string[]) => Promise<number>;
};

/** TLS to Redis: the server's certificate is always verified (against `ca` when given, else the system's CAs). */
export interface RedisTls {
  /** PEM CA bundle of a private CA (managed Redis services often use one). */
  readonly ca?: string;
  /** The name the certificate must carry, when it differs from the host connected to. */
  readonly servername?: string;
}

export interface RedisConnection {
  readonly url?: string;
  readonly cluster?: { readonly nodes: readonly ClusterNode[] };
  /** ACL user and password (AUTH); every node of a cluster. For one Redis the URL may carry them instead. */
  readonly username?: string;
  readonly password?: string;
  /** TLS: required for a cluster over TLS; for one Redis `rediss://` turns it on and this adds the CA. */
  readonly tls?: RedisTls;
  /** Per-command timeout: a command that times out is an unknown outcome. Default 2 s. */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

/**
 * Fail closed: no offline queue (a command while disconnected fails at once instead of
 * running late), no automatic resend of in-flight commands after a reconnect (a write
 * could run twice), no per-request retries, a command timeout. Reconnection itself is
 * automatic, with capped, jittered backoff, so the store recovers without a restart.
 *
 * @category adapters
 */
/** Reconnection delays: 100 ms doubling to 2 s, each between half and all of its step. */
export const RECONNECT_BACKOFF = { baseMs: 100, capMs: 2_000 } as const;

export const failClosedOptions = (connection: RedisConnection): RedisOptions => ({
  enableOfflineQueue: false,
  autoResendUnfulfilledCommands: false,
  maxRetriesPerRequest: 0,
  commandTimeout: connection.commandTimeoutMs ?? 2_000,
  connectTimeout: connection.connectTimeoutMs ?? 2_000,
  lazyConnect: true,
  // Jittered, so instances that lost one Redis together do not reconnect in step.
  retryStrategy: (attempt) => jitteredBackoffMs(attempt, RECONNECT_BACKOFF, Math.random()),
  ...(connection.username !== undefined ? { username: connection.username } : {}),
  ...(connection.password !== undefined ? { password: connection.password } : {}),
  // rejectUnauthorized is never turned off: a Redis whose certificate does not verify is not connected to.
  ...(connection.tls ? { tls: { rejectUnauthorized: true, ...(connection.tls.ca !== undefined ? { ca: connection.tls.ca } : {}), ...(connection.tls.servername !== undefined ? { servername: connection.tls.servername } : {}) } } : {}),
});

export const createRedisClient = (connection: RedisConnection): RedisClient => {
  const options = failClosedOptions(connection);
  const client = connection.cluster
    ? // Every node the cluster names is reached with the same credentials and TLS settings.
      new Cluster([...connection.cluster.nodes], { redisOptions: options, enableOfflineQueue: false, lazyConnect: true, clusterRetryStrategy: options.retryStrategy! })
    : new Redis(connection.url ?? 'redis://127.0.0.1:6379', options);
  // Connection errors surface through commands and health; without a listener ioredis would log them.
  client.on('error', () => undefined);
  // Plain functions on the client, not `defineCommand` (see `luaCommand`).
  const scripts = Object.fromEntries(Object.entries(LUA).map(([name, lua]) => [name, luaCommand(client, lua)])) as Record<keyof typeof LUA, LuaCommand>;
  // The replies' shapes are each script's own (declared in `RedisClient`); Redis itself answers untyped values.
  return Object.assign(client, scripts) as unknown as RedisClient;
};
