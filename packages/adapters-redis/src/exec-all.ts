import type { ChainableCommander } from 'ioredis';

/**
 * Runs a `MULTI` (or a pipeline) and fails if any command in it failed. ioredis resolves
 * `exec()` with one `[error, reply]` pair per command, so a `WRONGTYPE` inside a `MULTI`
 * does not reject it, and without this check a write that did not happen would read as
 * done. `null` means the transaction was discarded.
 */
export const execAll = async (batch: ChainableCommander): Promise<unknown[]> => {
  const replies = await batch.exec();
  if (!replies) throw new Error('the Redis transaction was discarded');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
};
