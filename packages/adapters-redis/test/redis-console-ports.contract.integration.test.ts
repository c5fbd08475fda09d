import { createRedisClient, RedisQuarantineDecisions, RedisUsers, type RedisClient } from '@caio/adapters-redis';
import { FileQuarantineDecisions, FileUsers } from '@caio/adapters-file';
import { DualQuarantineDecisions, DualUsers } from '@caio/core';
import { quarantineDecisionsContract, usersContract } from '@caio/testkit';
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

usersContract(
  'redis',
  async () => {
    const prefix = testPrefix();
    const clients = [await connected(), await connected()];
    return {
      users: new RedisUsers(clients[0]!, prefix),
      // A second connection, as a second app instance would have.
      reopen: async () => new RedisUsers(clients[1]!, prefix),
      dispose: async () => {
        await Promise.all(clients.map((c) => c.quit()));
        await removePrefix(prefix);
      },
    };
  },
  { shared: true },
);

usersContract(
  'dual (redis primary, file secondary, fallback write)',
  async () => {
    const prefix = testPrefix();
    const dir = mkdtempSync(join(tmpdir(), 'caio-dual-users-'));
    const clients = [await connected(), await connected()];
    const dual = (client: RedisClient) => new DualUsers(new RedisUsers(client, prefix), new FileUsers(dir), { fallbackWrite: true });
    return {
      users: dual(clients[0]!),
      reopen: async () => dual(clients[1]!),
      dispose: async () => {
        await Promise.all(clients.map((c) => c.quit()));
        await removePrefix(prefix);
        rmSync(dir, { recursive: true, force: true });
      },
    };
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

quarantineDecisionsContract(
  'redis',
  async () => {
    const prefix = testPrefix();
    const clients = [await connected(), await connected()];
    return {
      decisions: new RedisQuarantineDecisions(clients[0]!, prefix),
      reopen: async () => new RedisQuarantineDecisions(clients[1]!, prefix),
      dispose: async () => {
        await Promise.all(clients.map((c) => c.quit()));
        await removePrefix(prefix);
      },
    };
  },
  { shared: true },
);

quarantineDecisionsContract(
  'dual (redis primary, file secondary, fallback write)',
  async () => {
    const prefix = testPrefix();
    const dir = mkdtempSync(join(tmpdir(), 'caio-dual-quarantine-'));
    const clients = [await connected(), await connected()];
    const dual = (client: RedisClient) => new DualQuarantineDecisions(new RedisQuarantineDecisions(client, prefix), new FileQuarantineDecisions(dir), { fallbackWrite: true });
    return {
      decisions: dual(clients[0]!),
      reopen: async () => dual(clients[1]!),
      dispose: async () => {
        await Promise.all(clients.map((c) => c.quit()));
        await removePrefix(prefix);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { shared: true },
);
