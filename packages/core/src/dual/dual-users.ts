import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { StoreError } from '../ports/store-error.js';
import type { UserRefused, Users } from '../ports/users.js';
import type { User } from '../users/user.js';

export interface DualUsersOptions {
  /** STATE_FILE_FALLBACK_WRITE: also apply every change the primary took to the secondary. */
  readonly fallbackWrite: boolean;
}

/**
 * `Users` over the cutover pair, like `DualStateStore`: the primary (Redis) answers
 * every call, so authentication never depends on the secondary; with `fallbackWrite`
 * each change the primary took is applied to the secondary too, so a roll-back to the
 * file store keeps the team's users. A change only the primary took is counted and
 * named in `unmirrored()` (re-running `caio users rotate` or `remove` repairs it).
 *
 * @category adapters
 */
export class DualUsers implements Users {
  private readonly missed = new Set<string>();

  constructor(
    readonly primary: Users,
    readonly secondary: Users,
    private readonly options: DualUsersOptions,
  ) {}

  /** Names of users whose last change reached the primary only. */
  unmirrored(): readonly string[] {
    return [...this.missed].sort();
  }

  private mirror<T>(name: string, primary: ResultAsync<T, StoreError | UserRefused>, apply: () => ResultAsync<unknown, StoreError | UserRefused>): ResultAsync<T, StoreError | UserRefused> {
    if (!this.options.fallbackWrite) return primary;
    return primary.andThen((value) =>
      apply()
        .map(() => this.missed.delete(name))
        .orElse(() => okAsync(this.missed.add(name)))
        .map(() => value),
    );
  }

  addUser(user: User): ResultAsync<User, StoreError | UserRefused> {
    return this.mirror(user.name, this.primary.addUser(user), () => this.secondary.addUser(user));
  }

  getUser(name: string): ResultAsync<User | null, StoreError> {
    return this.primary.getUser(name);
  }

  findUserByTokenSha256(tokenSha256: string): ResultAsync<User | null, StoreError> {
    return this.primary.findUserByTokenSha256(tokenSha256);
  }

  listUsers(): ResultAsync<readonly User[], StoreError> {
    return this.primary.listUsers();
  }

  replaceUserToken(name: string, tokenSha256: string, at: string): ResultAsync<User, StoreError | UserRefused> {
    return this.mirror(name, this.primary.replaceUserToken(name, tokenSha256, at), () =>
      // The secondary may never have had the user (added before the fallback was on).
      this.secondary.replaceUserToken(name, tokenSha256, at).orElse((e) =>
        e._tag === 'UserNotFound' ? this.primary.getUser(name).andThen((u) => (u ? this.secondary.addUser(u) : okAsync(null))) : errAsync(e),
      ),
    );
  }

  removeUser(name: string): ResultAsync<User, StoreError | UserRefused> {
    return this.mirror(name, this.primary.removeUser(name), () => this.secondary.removeUser(name).orElse((e) => (e._tag === 'UserNotFound' ? okAsync(null) : errAsync(e))));
  }
}
