import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { StoreError } from '../../ports/store-error.js';
import type { UserRefused, Users } from '../../ports/users.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { isRole, type Role } from '../../users/role.js';
import { isTokenSha256, parseUserName, type User } from '../../users/user.js';
import { auditEntry } from '../support/audit.js';

/** What managing users needs: the users, the audit log, ids for audit entries. @category ports */
export interface UserAdminDeps {
  readonly users: Users;
  readonly audit: AuditLog;
  readonly ids: IdGenerator;
}

export type UserAdminError = StoreError | UserRefused | ValidationError;

const record = (deps: UserAdminDeps, trace: TraceEnvelope, action: string, detail: Readonly<Record<string, unknown>>): ResultAsync<void, StoreError> =>
  deps.audit.appendAudit(auditEntry(deps, trace, { action, subject: {}, detail }));

const checkDigest = (tokenSha256: string): ValidationError | null =>
  isTokenSha256(tokenSha256) ? null : validationError('tokenSha256', 'must be the 64 hex characters of the token\'s SHA-256');

/**
 * Adds a user with the SHA-256 of a token the caller made and showed once. Audited as
 * `user.added` with the name and role, never the digest.
 *
 * @category model
 */
export const addUser = (deps: UserAdminDeps, command: { readonly name: string; readonly role: string; readonly tokenSha256: string; readonly trace: TraceEnvelope }): ResultAsync<User, UserAdminError> => {
  const name = parseUserName(command.name);
  if (name.isErr()) return errAsync(name.error);
  if (!isRole(command.role)) return errAsync(validationError('role', 'must be reviewer, operator or admin'));
  const bad = checkDigest(command.tokenSha256);
  if (bad) return errAsync(bad);
  const role: Role = command.role;
  return deps.users
    .addUser({ name: name.value, role, tokenSha256: command.tokenSha256, createdAt: command.trace.at })
    .andThen((user) => record(deps, command.trace, 'user.added', { name: user.name, role: user.role }).map(() => user));
};

/** Replaces a user's token (the old one stops working at once). Audited as `user.token_rotated`. @category model */
export const rotateUserToken = (deps: UserAdminDeps, command: { readonly name: string; readonly tokenSha256: string; readonly trace: TraceEnvelope }): ResultAsync<User, UserAdminError> => {
  const bad = checkDigest(command.tokenSha256);
  if (bad) return errAsync(bad);
  return deps.users
    .replaceUserToken(command.name, command.tokenSha256, command.trace.at)
    .andThen((user) => record(deps, command.trace, 'user.token_rotated', { name: user.name, role: user.role }).map(() => user));
};

/**
 * Removes a user; their token stops working at once. The last admin kept in the store
 * cannot be removed (nobody could manage users any more). Audited as `user.removed`.
 *
 * @category model
 */
export const removeUser = (deps: UserAdminDeps, command: { readonly name: string; readonly trace: TraceEnvelope }): ResultAsync<User, UserAdminError> =>
  deps.users.listUsers().andThen((users) => {
    const target = users.find((u) => u.name === command.name);
    if (target?.role === 'admin' && users.filter((u) => u.role === 'admin').length === 1) {
      return errAsync(validationError('name', `${command.name} is the last admin; add another admin before removing them`));
    }
    return deps.users.removeUser(command.name).andThen((user) => record(deps, command.trace, 'user.removed', { name: user.name, role: user.role }).map(() => user));
  });

/** What bootstrapping found: the admin was added, or an admin already existed. */
export type BootstrapOutcome = { readonly _tag: 'Added'; readonly user: User } | { readonly _tag: 'AdminExists' };

/**
 * The first admin, from the environment: added only while the store holds no admin, so a
 * restart never re-adds a removed user nor resets a rotated token.
 *
 * @category model
 */
export const bootstrapAdmin = (deps: UserAdminDeps, command: { readonly name: string; readonly tokenSha256: string; readonly trace: TraceEnvelope }): ResultAsync<BootstrapOutcome, UserAdminError> =>
  deps.users.listUsers().andThen((users) =>
    users.some((u) => u.role === 'admin')
      ? okAsync<BootstrapOutcome, UserAdminError>({ _tag: 'AdminExists' })
      : addUser(deps, { name: command.name, role: 'admin', tokenSha256: command.tokenSha256, trace: command.trace }).map((user): BootstrapOutcome => ({ _tag: 'Added', user })),
  );
