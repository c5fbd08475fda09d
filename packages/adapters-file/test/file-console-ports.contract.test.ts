import { FileQuarantineDecisions, FileUsers } from '@caio/adapters-file';
import { quarantineDecisionsContract, usersContract } from '@caio/testkit/contracts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.js';

usersContract(
  'file',
  async () => {
    const dir = tempDir('caio-file-users-');
    return { users: new FileUsers(dir.path), reopen: async () => new FileUsers(dir.path), dispose: async () => dir.remove() };
  },
  { shared: true },
);

describe('FileUsers', () => {
  it('answers StoreCorrupt naming the file when users.json is damaged, and changes nothing', async () => {
    const dir = tempDir('caio-file-users-');
    try {
      writeFileSync(join(dir.path, 'users.json'), '{"format":1,"data":[{"name":"ada","role":"root","tokenSha256":"x","createdAt":"t"}]}');
      const users = new FileUsers(dir.path);
      const found = await users.findUserByTokenSha256('x');
      expect(found._unsafeUnwrapErr()).toMatchObject({ _tag: 'StoreCorrupt', where: join(dir.path, 'users.json') });
      const added = await users.addUser({ name: 'bob', role: 'reviewer', tokenSha256: 'a'.repeat(64), createdAt: 't' });
      expect(added._unsafeUnwrapErr()._tag).toBe('StoreCorrupt');
    } finally {
      dir.remove();
    }
  });

  it('keeps concurrent adds from several instances (none is lost)', async () => {
    const dir = tempDir('caio-file-users-');
    try {
      const instances = [new FileUsers(dir.path), new FileUsers(dir.path), new FileUsers(dir.path)];
      const names = Array.from({ length: 12 }, (_, i) => `user${String(i).padStart(2, '0')}`);
      await Promise.all(names.map((name, i) => instances[i % 3]!.addUser({ name, role: 'reviewer', tokenSha256: String(i % 10).repeat(63) + (i < 10 ? 'a' : 'b'), createdAt: 't' })));
      expect((await instances[0]!.listUsers())._unsafeUnwrap().map((u) => u.name)).toEqual(names);
    } finally {
      dir.remove();
    }
  });
});

quarantineDecisionsContract(
  'file',
  async () => {
    const dir = tempDir('caio-file-quarantine-');
    return { decisions: new FileQuarantineDecisions(dir.path), reopen: async () => new FileQuarantineDecisions(dir.path), dispose: async () => dir.remove() };
  },
  { shared: true },
);
