import { initialControls, type Controls, type ControlsStore, type StoreError, type VersionConflict } from '@caio/core';
import { errAsync, ResultAsync } from 'neverthrow';
import { parseJsonRecord } from './record-codec.js';
import { versionConflict, type RedisStoreContext } from './redis-store-context.js';

/** The controls on Redis (`{p:send}`, the claim reads them): one key, compare-and-set by script. */
export const redisControls = (c: RedisStoreContext): ControlsStore => ({
  getControls(): ResultAsync<Controls, StoreError> {
    return c.call(async () => {
      const value = await c.redis.get(c.keys.controls());
      return value === null ? initialControls(new Date(0).toISOString()) : parseJsonRecord<Controls>(c.keys.controls(), value);
    });
  },

  putControls(controls: Controls, expectedVersion: number): ResultAsync<Controls, StoreError | VersionConflict> {
    return c.call(() => c.redis.putControls(1, c.keys.controls(), String(expectedVersion), JSON.stringify(controls))).andThen((reply) =>
      reply[0] === 'ok'
        ? ResultAsync.fromSafePromise<Controls, StoreError | VersionConflict>(Promise.resolve(controls))
        : errAsync(versionConflict('controls', 'controls', expectedVersion, reply[1])),
    );
  },
});
