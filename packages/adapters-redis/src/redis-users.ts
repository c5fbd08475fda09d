import { userExists, userNotFound, userRecordSchema, type StoreError, type User, type UserRefused, type Users } from '@caio/core';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { RedisClient } from './redis-client.js';
import { toStoreError } from './redis-state-store.js';

// KEYS[1] users by name (hash name -> JSON), KEYS[2] names by token digest (hash digest -> name).
// Each script checks and writes both hashes at once: they never disagree.
const ADD = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'name' end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'token' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 'ok'`;

// ARGV: name, new digest, new JSON, old digest (the caller read it; a race is refused as 'changed').
const REPLACE_TOKEN = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 'missing' end
if redis.call('HGET', KEYS[2], ARGV[4]) ~= ARGV[1] then return 'changed' end
local holder = redis.call('HGET', KEYS[2], ARGV[2])
if holder and holder ~= ARGV[1] then return 'token' end
redis.call('HDEL', KEYS[2], ARGV[4])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'`;

// ARGV: name, the digest the caller read.
const REMOVE = `
if not redis.call('HGET', KEYS[1], ARGV[1]) then return 'missing' end
if redis.call('HGET', KEYS[2], ARGV[2]) ~= ARGV[1] then return 'changed' end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[2])
return 'ok'`;

const FIND_BY_TOKEN = `
local name = redis.call('HGET', KEYS[2], ARGV[1])
if not name then return false end
return redis.call('HGET', KEYS[1], name)`;

const MAX_RACES = 5;

/**
 * `Users` on Redis, shared by every app instance on it: two hashes under one hash tag
 * (`{<prefix>:users}`, one slot on a cluster), changed only by scripts that check and
 * write both at once. A request's authentication is one script call. Stored JSON is
 * parsed; a damaged record is `StoreCorrupt`, never a role.
 *
 * @category adapters
 */
export class RedisUsers implements Users {
  private readonly byName: string;
  private readonly byToken: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.byName = `{${prefix}:users}:by-name`;
    this.byToken = `{${prefix}:users}:by-token`;
  }

  private decode(json: string | null): ResultAsync<User | null, StoreError> {
    if (json === null) return okAsync(null);
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return errAsync({ _tag: 'StoreCorrupt', where: this.byName, message: 'a user record is not JSON' });
    }
    const parsed = userRecordSchema.safeParse(value);
    return parsed.success ? okAsync(parsed.data) : errAsync({ _tag: 'StoreCorrupt', where: this.byName, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  }

  private script(lua: string, ...args: string[]): ResultAsync<string, StoreError> {
    return ResultAsync.fromPromise(this.redis.eval(lua, 2, this.byName, this.byToken, ...args) as Promise<string>, toStoreError);
  }

  addUser(user: User): ResultAsync<User, StoreError | UserRefused> {
    return this.script(ADD, user.name, user.tokenSha256, JSON.stringify(user)).andThen((answer) =>
      answer === 'ok' ? okAsync({ ...user }) : errAsync(answer === 'name' ? userExists(user.name) : userExists(user.name, 'that token is already in use; make a new one')),
    );
  }

  getUser(name: string): ResultAsync<User | null, StoreError> {
    return ResultAsync.fromPromise(this.redis.hget(this.byName, name), toStoreError).andThen((json) => this.decode(json));
  }

  findUserByTokenSha256(tokenSha256: string): ResultAsync<User | null, StoreError> {
    return ResultAsync.fromPromise(this.redis.eval(FIND_BY_TOKEN, 2, this.byName, this.byToken, tokenSha256) as Promise<string | null>, toStoreError).andThen((json) => this.decode(json));
  }

  listUsers(): ResultAsync<readonly User[], StoreError> {
    return ResultAsync.fromPromise(this.redis.hvals(this.byName), toStoreError)
      .andThen((values) => ResultAsync.combine(values.map((json) => this.decode(json))))
      .map((users) => users.filter((u): u is User => u !== null).sort((a, b) => (a.name < b.name ? -1 : 1)));
  }

  replaceUserToken(name: string, tokenSha256: string, at: string, race = 0): ResultAsync<User, StoreError | UserRefused> {
    return this.getUser(name).andThen((user) => {
      if (!user) return errAsync(userNotFound(name));
      const next: User = { ...user, tokenSha256, rotatedAt: at };
      return this.script(REPLACE_TOKEN, name, tokenSha256, JSON.stringify(next), user.tokenSha256).andThen((answer): ResultAsync<User, StoreError | UserRefused> => {
        if (answer === 'ok') return okAsync(next);
        if (answer === 'missing') return errAsync(userNotFound(name));
        if (answer === 'token') return errAsync(userExists(name, 'that token is already in use; make a new one'));
        // Another instance rotated this user between our read and the script: read again.
        return race < MAX_RACES ? this.replaceUserToken(name, tokenSha256, at, race + 1) : errAsync({ _tag: 'StoreUnavailable', message: `user ${name} keeps changing; retry` });
      });
    });
  }

  removeUser(name: string, race = 0): ResultAsync<User, StoreError | UserRefused> {
    return this.getUser(name).andThen((user) => {
      if (!user) return errAsync(userNotFound(name));
      return this.script(REMOVE, name, user.tokenSha256).andThen((answer): ResultAsync<User, StoreError | UserRefused> => {
        if (answer === 'ok') return okAsync(user);
        if (answer === 'missing') return errAsync(userNotFound(name));
        return race < MAX_RACES ? this.removeUser(name, race + 1) : errAsync({ _tag: 'StoreUnavailable', message: `user ${name} keeps changing; retry` });
      });
    });
  }
}
