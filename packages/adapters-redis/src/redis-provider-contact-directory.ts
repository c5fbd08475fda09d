import type { ContactProvider, IdentityKey, ProviderContactDirectory, StoreError } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import type { RedisClient } from './redis-client.js';
import { toStoreError } from './redis-state-store.js';

/**
 * The provider contact directory in Redis: one set of identity keys per contact,
 * `{<prefix>:contact}:<provider>:<contactId>` (one hash slot, so it works on a cluster);
 * SADD unites atomically, so instances remembering the same contact never lose a key.
 *
 * @category adapters
 */
export class RedisProviderContactDirectory implements ProviderContactDirectory {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(provider: ContactProvider, contactId: string): string {
    return `{${this.prefix}:contact}:${provider}:${contactId}`;
  }

  remember(provider: ContactProvider, contactId: string, keys: readonly IdentityKey[]): ResultAsync<void, StoreError> {
    if (keys.length === 0) return ResultAsync.fromSafePromise(Promise.resolve(undefined));
    return ResultAsync.fromPromise(this.redis.sadd(this.key(provider, contactId), ...keys), toStoreError).map(() => undefined);
  }

  lookup(provider: ContactProvider, contactId: string): ResultAsync<readonly IdentityKey[], StoreError> {
    return ResultAsync.fromPromise(this.redis.smembers(this.key(provider, contactId)), toStoreError).map((members) => (members as IdentityKey[]).sort());
  }
}
