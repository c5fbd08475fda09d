import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { StoreError } from '../ports/store-error.js';
import { userExists, userNotFound, type UserRefused, type Users } from '../ports/users.js';
import type { User } from '../users/user.js';

/**
 * The reference `Users`: two maps in one process (tests, embedding services). Every other
 * adapter must answer as this one does (the testkit contract checks it).
 *
 * @category adapters
 */
export class MemoryUsers implements Users {
  private readonly byName = new Map<string, User>();
  private readonly byToken = new Map<string, string>();

  addUser(user: User): ResultAsync<User, StoreError | UserRefused> {
    if (this.byName.has(user.name)) return errAsync(userExists(user.name));
    if (this.byToken.has(user.tokenSha256)) return errAsync(userExists(user.name, 'that token is already in use; make a new one'));
    this.byName.set(user.name, { ...user });
    this.byToken.set(user.tokenSha256, user.name);
    return okAsync({ ...user });
  }

  getUser(name: string): ResultAsync<User | null, StoreError> {
    const user = this.byName.get(name);
    return okAsync(user ? { ...user } : null);
  }

  findUserByTokenSha256(tokenSha256: string): ResultAsync<User | null, StoreError> {
    const name = this.byToken.get(tokenSha256);
    return this.getUser(name ?? '');
  }

  listUsers(): ResultAsync<readonly User[], StoreError> {
    return okAsync([...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((u) => ({ ...u })));
  }

  replaceUserToken(name: string, tokenSha256: string, at: string): ResultAsync<User, StoreError | UserRefused> {
    const user = this.byName.get(name);
    if (!user) return errAsync(userNotFound(name));
    const holder = this.byToken.get(tokenSha256);
    if (holder !== undefined && holder !== name) return errAsync(userExists(name, 'that token is already in use; make a new one'));
    const next: User = { ...user, tokenSha256, rotatedAt: at };
    this.byToken.delete(user.tokenSha256);
    this.byToken.set(tokenSha256, name);
    this.byName.set(name, next);
    return okAsync({ ...next });
  }

  removeUser(name: string): ResultAsync<User, StoreError | UserRefused> {
    const user = this.byName.get(name);
    if (!user) return errAsync(userNotFound(name));
    this.byName.delete(name);
    this.byToken.delete(user.tokenSha256);
    return okAsync({ ...user });
  }
}
