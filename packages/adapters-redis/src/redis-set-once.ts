import type { StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseJsonRecord } from './record-codec.js';
import type { RedisStoreContext } from './redis-store-context.js';

/** Stores `value` under `key` unless a record is there already (the first record wins: SET NX), and lists `member` in `set`: one script (`set-once.lua`). */
export const addOnce = (c: RedisStoreContext, key: string, set: string, member: string, value: unknown): ResultAsync<void, StoreError> =>
  c.call(async () => {
    await c.redis.setOnce(2, key, set, JSON.stringify(value), member);
  });

/** The records stored under the keys of `ids` (each once), skipping the missing ones. */
export const findAll = <T>(c: RedisStoreContext, keyOf: (id: string) => string, ids: readonly string[]): ResultAsync<readonly T[], StoreError> => {
  const unique = [...new Set(ids)];
  return c.call(async () => {
    if (unique.length === 0) return [];
    const values = await c.redis.mget(...unique.map(keyOf));
    return values.flatMap((v, i) => (v === null ? [] : [parseJsonRecord<T>(keyOf(unique[i]!), v)]));
  });
};
