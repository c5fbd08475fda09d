import { deleteKeysMatching } from '@caio/adapters-redis';

/** Deletes every key matching each pattern (SCAN and UNLINK, never KEYS). */
export const deleteKeys = async (redis, ...patterns) => {
  for (const pattern of patterns) await deleteKeysMatching(redis, pattern);
};
