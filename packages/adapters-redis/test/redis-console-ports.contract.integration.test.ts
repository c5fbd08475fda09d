import { createRedisClient, RedisQuarantineDecisions, RedisUsers, type RedisClient } from '@caio/adapters-redis';
import { FileQuarantineDecisions, FileUsers } from '@caio/adapters-file';
import { DualQuarantineDecisions, DualUsers } from '@caio/core';
import { quarantineDecisionsContract, usersContract } from '@caio/testkit/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

const connected = async (): Promise<RedisClient> => {
  const client = createRedisClient({ url: REDIS_URL });
  await client.connect();
  return client;
};

/**
 * Two connections on one fresh prefix (two app instances) and a file directory for the
 * dual store's secondary: `make` builds the adapter on a connection; `dispose` removes all.
 */
const twoInstances = async <T>(make: (client: RedisClient, prefix: string, dir: string) => T) => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'caio-console-ports-'));
  const clients = [await connected(), await connected()];
  return {
    first: make(clients[0]!, prefix, dir),
    reopen: async () => make(clients[1]!, prefix, dir),
    dispose: async () => {
      await Promise.all(clients.map((c) => c.quit()));
      await removePrefix(prefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

usersContract(
  'redis',
  async () => {
    const h = await twoInstances((client, prefix) => new RedisUsers(client, prefix));
    return { users: h.first, reopen: h.reopen, dispose: h.dispose };
  },
  { shared: true },
);

usersContract(
  'dual (redis primary, file secondary, fallback write)',
  async () => {
    const h = await twoInstances((client, prefix, dir) => new DualUsers(new RedisUsers(client, prefix), new FileUsers(dir), { fallbackWrite: true }));
    return { users: h.first, reopen: h.reopen, dispose: h.dispose };
  },
  { shared: true },
);

quarantineDecisionsContract(
  'redis',
  async () => {
    const h = await twoInstances((client, prefix) => new RedisQuarantineDecisions(client, prefix));
    return { decisions: h.first, reopen: h.reopen, dispose: h.dispose };
  },
  { shared: true },
);

quarantineDecisionsContract(
  'dual (redis primary, file secondary, fallback write)',
  async () => {
    const h = await twoInstances((client, prefix, dir) => new DualQuarantineDecisions(new RedisQuarantineDecisions(client, prefix), new FileQuarantineDecisions(dir), { fallbackWrite: true }));
    return { decisions: h.first, reopen: h.reopen, dispose: h.dispose };
  },
  { shared: true },
);

describe('RedisUsers', () => {
  it('answers StoreCorrupt for a damaged record instead of granting a role', async () => {
    const prefix = testPrefix();
    const client = await connected();
    try {
      await client.hset(`{${prefix}:users}:by-name`, 'ada', JSON.stringify({ name: 'ada', role: 'root', tokenSha256: 'a'.repeat(64), createdAt: 't' }));
      await client.hset(`{${prefix}:users}:by-token`, 'a'.repeat(64), 'ada');
      const found = await new RedisUsers(client, prefix).findUserByTokenSha256('a'.repeat(64));
      expect(found._unsafeUnwrapErr()._tag).toBe('StoreCorrupt');
    } finally {
      await client.quit();
      await removePrefix(prefix);
    }
  });

  it('keeps rotations from two instances racing consistent: exactly one digest resolves', async () => {
    const prefix = testPrefix();
    const [a, b] = [await connected(), await connected()];
    try {
      const [ua, ub] = [new RedisUsers(a, prefix), new RedisUsers(b, prefix)];
      await ua.addUser({ name: 'bob', role: 'reviewer', tokenSha256: '0'.repeat(64), createdAt: 't' });
      const digests = Array.from({ length: 8 }, (_, i) => String(i + 1).repeat(64));
      await Promise.all(digests.map((d, i) => (i % 2 ? ua : ub).replaceUserToken('bob', d, 't2')));
      const resolving = [];
      for (const d of ['0'.repeat(64), ...digests]) if ((await ua.findUserByTokenSha256(d))._unsafeUnwrap()) resolving.push(d);
      expect(resolving).toEqual([(await ua.getUser('bob'))._unsafeUnwrap()!.tokenSha256]);
      expect(await a.hlen(`{${prefix}:users}:by-token`)).toBe(1);
    } finally {
      await Promise.all([a.quit(), b.quit()]);
      await removePrefix(prefix);
    }
  });
});

