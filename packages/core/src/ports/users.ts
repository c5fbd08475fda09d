import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { User } from '../users/user.js';
import type { StoreError } from './store-error.js';

/**
 * A user could not be added or changed: the name (or, never in practice, the token
 * digest) is taken, or no user has that name.
 *
 * @category errors
 */
export type UserRefused =
  | { readonly _tag: 'UserExists'; readonly name: string; readonly message: string }
  | { readonly _tag: 'UserNotFound'; readonly name: string; readonly message: string };

export const userExists = (name: string, message = `a user named ${name} already exists`): UserRefused => ({ _tag: 'UserExists', name, message });
export const userNotFound = (name: string): UserRefused => ({ _tag: 'UserNotFound', name, message: `no user named ${name}` });

/**
 * The users of the operator console, kept in the state store so every app instance sees
 * a user added, rotated or removed at its next request. Each method is atomic: the name
 * and the token-digest index never disagree, and a rotated or removed token stops
 * resolving in the same step.
 *
 * @category ports
 */
export interface Users {
  /** Adds a user; refused when the name or the token digest is already in use. */
  addUser(user: User): ResultAsync<User, StoreError | UserRefused>;
  getUser(name: string): ResultAsync<User | null, StoreError>;
  /** The user whose token has this SHA-256, if any (authentication of each request). */
  findUserByTokenSha256(tokenSha256: string): ResultAsync<User | null, StoreError>;
  /** Every user, by name. */
  listUsers(): ResultAsync<readonly User[], StoreError>;
  /** Replaces the user's token digest; the old token stops resolving at once. */
  replaceUserToken(name: string, tokenSha256: string, at: string): ResultAsync<User, StoreError | UserRefused>;
  /** Removes the user and their token; returns what was removed. */
  removeUser(name: string): ResultAsync<User, StoreError | UserRefused>;
}
export const Users = token<Users>('Users');
