import type { User, Users } from '@caio/core';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';

/** What an adapter hands the contract: its `Users`, and how to open a second view of the same data. @category testing */
export interface UsersHarness {
  readonly users: Users;
  /** Another instance on the same data (another app process); given when the adapter is shared. */
  readonly reopen?: () => Promise<Users>;
  readonly dispose?: () => Promise<void>;
}

const digest = (): string => createHash('sha256').update(randomBytes(32)).digest('hex');
const user = (name: string, role: User['role'] = 'reviewer'): User => ({ name, role, tokenSha256: digest(), createdAt: '2026-12-01T09:00:00.000Z' });

/**
 * The `Users` contract: names and token digests are unique and stay in step; a rotated
 * or removed token stops resolving in the same call; listings are by name; refusals are
 * tagged; with `shared`, a second instance on the same data sees every change. Every
 * adapter (memory, file, Redis, dual) runs it.
 *
 * @category testing
 */
export const usersContract = (adapter: string, makeHarness: () => Promise<UsersHarness>, { shared }: { readonly shared: boolean }): void => {
  describe(`Users contract: ${adapter}`, () => {
    let harness: UsersHarness | undefined;
    const open = async () => (harness = await makeHarness());
    afterEach(async () => {
      await harness?.dispose?.();
      harness = undefined;
    });

    it('adds a user, finds them by name and by token digest, and lists users by name', async () => {
      const { users } = await open();
      const bob = user('bob', 'operator');
      const ada = user('ada', 'admin');
      expect((await users.addUser(bob))._unsafeUnwrap()).toEqual(bob);
      await users.addUser(ada);
      expect((await users.getUser('bob'))._unsafeUnwrap()).toEqual(bob);
      expect((await users.findUserByTokenSha256(ada.tokenSha256))._unsafeUnwrap()).toEqual(ada);
      expect((await users.findUserByTokenSha256(digest()))._unsafeUnwrap()).toBeNull();
      expect((await users.getUser('carol'))._unsafeUnwrap()).toBeNull();
      expect((await users.listUsers())._unsafeUnwrap().map((u) => u.name)).toEqual(['ada', 'bob']);
    });

    it('refuses a taken name or a taken token digest and changes nothing', async () => {
      const { users } = await open();
      const bob = user('bob');
      await users.addUser(bob);
      const again = await users.addUser({ ...user('bob', 'admin') });
      expect(again._unsafeUnwrapErr()._tag).toBe('UserExists');
      const sameToken = await users.addUser({ ...user('eve'), tokenSha256: bob.tokenSha256 });
      expect(sameToken._unsafeUnwrapErr()._tag).toBe('UserExists');
      expect((await users.listUsers())._unsafeUnwrap()).toEqual([bob]);
      expect((await users.findUserByTokenSha256(bob.tokenSha256))._unsafeUnwrap()?.role).toBe('reviewer');
    });

    it('rotates a token: the new digest resolves, the old one no longer does', async () => {
      const { users } = await open();
      const bob = user('bob');
      await users.addUser(bob);
      const next = digest();
      const rotated = (await users.replaceUserToken('bob', next, '2026-12-02T10:00:00.000Z'))._unsafeUnwrap();
      expect(rotated).toEqual({ ...bob, tokenSha256: next, rotatedAt: '2026-12-02T10:00:00.000Z' });
      expect((await users.findUserByTokenSha256(bob.tokenSha256))._unsafeUnwrap()).toBeNull();
      expect((await users.findUserByTokenSha256(next))._unsafeUnwrap()?.name).toBe('bob');
      expect((await users.replaceUserToken('nobody', digest(), '2026-12-02T10:00:00.000Z'))._unsafeUnwrapErr()._tag).toBe('UserNotFound');
    });

    it('refuses to rotate to a digest another user holds', async () => {
      const { users } = await open();
      const bob = user('bob');
      const ada = user('ada', 'admin');
      await users.addUser(bob);
      await users.addUser(ada);
      expect((await users.replaceUserToken('bob', ada.tokenSha256, '2026-12-02T10:00:00.000Z'))._unsafeUnwrapErr()._tag).toBe('UserExists');
      expect((await users.findUserByTokenSha256(ada.tokenSha256))._unsafeUnwrap()?.name).toBe('ada');
      expect((await users.findUserByTokenSha256(bob.tokenSha256))._unsafeUnwrap()?.name).toBe('bob');
    });

    it('removes a user and their token; removing an unknown name is refused', async () => {
      const { users } = await open();
      const bob = user('bob');
      await users.addUser(bob);
      expect((await users.removeUser('bob'))._unsafeUnwrap()).toEqual(bob);
      expect((await users.getUser('bob'))._unsafeUnwrap()).toBeNull();
      expect((await users.findUserByTokenSha256(bob.tokenSha256))._unsafeUnwrap()).toBeNull();
      expect((await users.removeUser('bob'))._unsafeUnwrapErr()._tag).toBe('UserNotFound');
      // The name is free again.
      expect((await users.addUser(user('bob', 'admin'))).isOk()).toBe(true);
    });

    // Registered only for shared adapters: a lone instance has no second view to check.
    if (shared) it('a second instance on the same data sees every change at its next call', async () => {
      const h = await open();
      const other = await h.reopen!();
      const bob = user('bob');
      await h.users.addUser(bob);
      expect((await other.findUserByTokenSha256(bob.tokenSha256))._unsafeUnwrap()?.name).toBe('bob');
      const next = digest();
      await other.replaceUserToken('bob', next, '2026-12-02T10:00:00.000Z');
      expect((await h.users.findUserByTokenSha256(bob.tokenSha256))._unsafeUnwrap()).toBeNull();
      expect((await h.users.findUserByTokenSha256(next))._unsafeUnwrap()?.name).toBe('bob');
      await other.removeUser('bob');
      expect((await h.users.listUsers())._unsafeUnwrap()).toEqual([]);
    });
  });
};
