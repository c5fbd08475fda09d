import { userExists, userNotFound, userRecordSchema, type StoreError, type User, type UserRefused, type Users } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { LockedJsonFile } from './locked-json-file.js';

const byName = (a: User, b: User): number => (a.name < b.name ? -1 : 1);
const tokenTaken = (name: string): UserRefused => userExists(name, 'that token is already in use; make a new one');

/**
 * `Users` for the file backend: `users.json` in the given directory (the app uses
 * `<STATE_DIR>/users/`), read fresh on every call and rewritten atomically under a
 * cross-process lock (`LockedJsonFile`). Users change a few times a month and are read
 * once per API request: a whole small file is simpler than joining the journal.
 *
 * @category adapters
 */
export class FileUsers implements Users {
  private readonly file: LockedJsonFile<User[]>;

  constructor(dir: string) {
    this.file = new LockedJsonFile(dir, 'users', z.array(userRecordSchema), () => []);
  }

  addUser(user: User): ResultAsync<User, StoreError | UserRefused> {
    return this.file.update((users) => {
      if (users.some((u) => u.name === user.name)) return { ok: false, error: userExists(user.name) };
      if (users.some((u) => u.tokenSha256 === user.tokenSha256)) return { ok: false, error: tokenTaken(user.name) };
      return { ok: true, value: { ...user }, write: [...users, user].sort(byName) };
    });
  }

  getUser(name: string): ResultAsync<User | null, StoreError> {
    return this.file.read().map((users) => users.find((u) => u.name === name) ?? null);
  }

  findUserByTokenSha256(tokenSha256: string): ResultAsync<User | null, StoreError> {
    return this.file.read().map((users) => users.find((u) => u.tokenSha256 === tokenSha256) ?? null);
  }

  listUsers(): ResultAsync<readonly User[], StoreError> {
    return this.file.read().map((users) => users.sort(byName));
  }

  replaceUserToken(name: string, tokenSha256: string, at: string): ResultAsync<User, StoreError | UserRefused> {
    return this.file.update((users) => {
      const user = users.find((u) => u.name === name);
      if (!user) return { ok: false, error: userNotFound(name) };
      if (users.some((u) => u.name !== name && u.tokenSha256 === tokenSha256)) return { ok: false, error: tokenTaken(name) };
      const next: User = { ...user, tokenSha256, rotatedAt: at };
      return { ok: true, value: next, write: users.map((u) => (u.name === name ? next : u)) };
    });
  }

  removeUser(name: string): ResultAsync<User, StoreError | UserRefused> {
    return this.file.update((users) => {
      const user = users.find((u) => u.name === name);
      if (!user) return { ok: false, error: userNotFound(name) };
      return { ok: true, value: user, write: users.filter((u) => u.name !== name) };
    });
  }
}
