import type { Clock, Page, StoreError, VersionConflict } from '@caio/core';
import { errAsync, ResultAsync } from 'neverthrow';
import { CorruptRecord } from './record-codec.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

const PAGE = 100;
const MAX_PAGE = 1000;

export const ledgerId = (cardId: string, step: number): string => `${cardId}#${step}`;
const clampLimit = (limit: number | undefined): number => Math.max(1, Math.min(limit ?? PAGE, MAX_PAGE));

export const toStoreError = (error: unknown): StoreError => {
  if (error instanceof CorruptRecord) return { _tag: 'StoreCorrupt', where: error.key, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  // A command that timed out may have run: the caller must treat it as unknown.
  if (/timed? ?out/i.test(message)) return { _tag: 'StoreTimeout', message };
  // A key holds another type than the store wrote there: not transient, retrying cannot help.
  if (message.startsWith('WRONGTYPE')) return { _tag: 'StoreCorrupt', where: 'a Redis key of this store', message };
  return { _tag: 'StoreUnavailable', message };
};

/** What the store knows about its Redis beyond a ping. */
export interface RedisStatus {
  epoch: string | null;
  blocked: string | null;
}

/** What every role file of the Redis store works with: one client, one key layout, one status. */
export class RedisStoreContext {
  constructor(
    readonly redis: RedisClient,
    readonly keys: RedisKeys,
    readonly clock: Clock,
    readonly status: RedisStatus,
  ) {}

  private corked = false;

  call<T>(work: () => Promise<T>): ResultAsync<T, StoreError> {
    this.coalesceWrites();
    return ResultAsync.fromPromise(work(), toStoreError);
  }

  /**
   * Commands issued in one turn of the event loop leave in one socket write: the socket is
   * corked until the callbacks already queued for this turn have run (`process.nextTick`),
   * then flushed. On this path a socket write (the system call that wakes Redis) costs far
   * more than building a command, and concurrent operations (the webhook applier's lanes,
   * a pass claiming one event per person) issue theirs together. Unlike ioredis
   * auto-pipelining, nothing waits for a later turn (no `setImmediate`), and each command
   * is still its own command with its own reply. A cluster client has no single socket.
   */
  private coalesceWrites(): void {
    if (this.corked) return;
    const stream = (this.redis as { stream?: { writable?: boolean; cork?: () => void; uncork?: () => void } }).stream;
    if (!stream?.writable || typeof stream.cork !== 'function' || typeof stream.uncork !== 'function') return;
    this.corked = true;
    stream.cork();
    process.nextTick(() => {
      this.corked = false;
      stream.uncork!();
    });
  }

  /** Set once a send-path script saw the epoch marker missing or changed: sends stay refused. */
  blockedError(): StoreError | null {
    return this.status.blocked ? { _tag: 'StoreBlocked', reason: this.status.blocked } : null;
  }
}

export const versionConflict = (entity: VersionConflict['entity'], id: string, expected: number | null, actual: string | number | null | undefined): VersionConflict => ({
  _tag: 'VersionConflict',
  entity,
  id,
  expected,
  actual: actual === null || actual === undefined || actual === '' ? null : Number(actual),
});

/** Pages an index, loading and filtering members until `limit + 1` match. */
export const pageIndex = async <T>(
  c: RedisStoreContext,
  index: string,
  query: { limit?: number; after?: string },
  load: (ids: string[]) => Promise<(T | null)[]>,
  keep: (item: T) => boolean,
  idOf: (item: T) => string,
): Promise<Page<T>> => {
  const limit = clampLimit(query.limit);
  const found: T[] = [];
  let after = query.after;
  for (;;) {
    const ids = await c.redis.zrangebylex(index, after === undefined ? '-' : `(${after}`, '+', 'LIMIT', 0, Math.max(limit + 1, 200));
    if (ids.length === 0) break;
    for (const item of await load(ids)) if (item && keep(item)) found.push(item);
    if (found.length > limit) break;
    after = ids.at(-1);
  }
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return found.length > limit && last ? { items, next: idOf(last) } : { items };
};

/** Loads records stored as a JSON body plus a hash of mutable fields (cards, ledger entries), in one pipeline. */
export const loadSplit = async <T>(
  c: RedisStoreContext,
  ids: readonly string[],
  bodyKey: (id: string) => string,
  metaKey: (id: string) => string,
  join: (key: string, body: string, meta: Record<string, string>) => T,
): Promise<(T | null)[]> => {
  if (ids.length === 0) return [];
  const pipeline = c.redis.pipeline();
  for (const id of ids) pipeline.get(bodyKey(id)).hgetall(metaKey(id));
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((id, i) => {
    const [bodyError, body] = replies[i * 2] ?? [];
    const [metaError, meta] = replies[i * 2 + 1] ?? [];
    if (bodyError || metaError) throw bodyError ?? metaError;
    return typeof body === 'string' ? join(bodyKey(id), body, meta as Record<string, string>) : null;
  });
};

/** Wraps a compare-and-set reply: the record written, or the `VersionConflict`. */
export const casResult = <T>(work: ResultAsync<T | VersionConflict, StoreError>): ResultAsync<T, StoreError | VersionConflict> =>
  work.andThen((r): ResultAsync<T, StoreError | VersionConflict> => (isConflict(r) ? errAsync(r) : ResultAsync.fromSafePromise(Promise.resolve(r))));

const isConflict = (value: unknown): value is VersionConflict => typeof value === 'object' && value !== null && '_tag' in value;
