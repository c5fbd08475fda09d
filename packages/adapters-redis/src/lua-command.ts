import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Lua script as a function of the client: `(numberOfKeys, ...keysThenArgs)`. */
export type LuaCommand = (numberOfKeys: number, ...args: (string | number)[]) => Promise<unknown>;

const isNoScript = (error: unknown): boolean => error instanceof Error && error.message.startsWith('NOSCRIPT');

/**
 * Runs `lua` by its SHA1 (`EVALSHA`), and loads it with `EVAL` only when the server does
 * not know it (a fresh or restarted server, a `SCRIPT FLUSH`): a `NOSCRIPT` reply means the
 * script did not run, so sending it again cannot run it twice.
 *
 * Why not ioredis's `defineCommand`, which does the same: every `multi()` and `pipeline()`
 * copies each defined script onto the new pipeline object (two properties per script, with
 * the store's two dozen scripts), and that copy was the largest single cost of ioredis in
 * the webhook applier's profile (about 7 % of its CPU, for the `MULTI`s of its effects).
 * These functions live on the client only and are never copied.
 */
export const luaCommand = (client: Redis | Cluster, lua: string): LuaCommand => {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (numberOfKeys, ...args) => {
    try {
      return await client.evalsha(sha, numberOfKeys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.eval(lua, numberOfKeys, ...args);
    }
  };
};
