import { addUser, removeUser, rotateUserToken, type TraceId, type User, type UserAdminError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command, type Io } from '../command.js';
import { withLocalCore, type LocalCore } from '../local-core.js';
import { newUserToken, tokenSha256 } from '../../users/token-digest.js';

type Env = Readonly<Record<string, string | undefined>>;

const trace = (core: LocalCore, env: Env, what: string) => {
  const at = core.deps.clock.now().toISOString();
  return { traceId: `trace_users_${what}_${Date.parse(at)}` as TraceId, actor: `cli:${env.USER ?? 'operator'}`, at, origin: 'cli' as const };
};

const explain = (io: Io, error: UserAdminError): number => {
  io.err(`${error._tag}: ${'message' in error ? error.message : error.reason}\n`);
  return error._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
};

const adminDeps = (core: LocalCore) => ({ users: core.users, audit: core.deps.store, ids: core.deps.ids });

/** Makes a token, lets `store` keep its digest, and shows the token once (only if stored). */
const issueToken = async (io: Io, name: string, store: (tokenSha256: string) => ResultAsync<User, UserAdminError>): Promise<number> => {
  const token = newUserToken();
  const stored = await store(tokenSha256(token));
  if (stored.isErr()) return explain(io, stored.error);
  io.out(`token for ${name} (${stored.value.role}; shown once, only its SHA-256 is stored): ${token}\nsend it as the X-Dashboard-Token header, or paste it into /sales\n`);
  return EXIT.ok;
};

/** `caio users add NAME --role reviewer|operator|admin`: makes the user's token and shows it once. */
export const usersAddCommand: Command = {
  name: 'users add',
  summary: 'add a named user with a role; prints their token once (audited)',
  usage: 'caio users add NAME --role reviewer|operator|admin',
  run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { role: { type: 'string' } } });
    const [name] = positionals;
    if (!name || positionals.length !== 1 || !values.role) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    return withLocalCore(env, io, (core) => issueToken(io, name, (digest) => addUser(adminDeps(core), { name, role: values.role!, tokenSha256: digest, trace: trace(core, env, 'add') })));
  },
};

/** `caio users list`: names, roles and dates; never a token or its digest. */
export const usersListCommand: Command = {
  name: 'users list',
  summary: 'list the named users and their roles',
  usage: 'caio users list',
  run(args, env, io) {
    if (args.length) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    return withLocalCore(env, io, async (core) => {
      const users = await core.users.listUsers();
      if (users.isErr()) return explain(io, users.error);
      if (users.value.length === 0) {
        io.out('no named users (DASHBOARD_AUTH_TOKEN signs in as an admin)\n');
        return EXIT.ok;
      }
      io.out(table([['NAME', 'ROLE', 'CREATED', 'TOKEN ROTATED'], ...users.value.map((u) => [u.name, u.role, u.createdAt, u.rotatedAt ?? '-'])]));
      return EXIT.ok;
    });
  },
};

/** `caio users rotate NAME`: a new token, shown once; the old one stops working at once. */
export const usersRotateCommand: Command = {
  name: 'users rotate',
  summary: 'replace a user\'s token; prints the new one once, the old one stops working (audited)',
  usage: 'caio users rotate NAME',
  run(args, env, io) {
    const [name, ...rest] = args;
    if (!name || rest.length) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    return withLocalCore(env, io, (core) => issueToken(io, name, (digest) => rotateUserToken(adminDeps(core), { name, tokenSha256: digest, trace: trace(core, env, 'rotate') })));
  },
};

/** `caio users remove NAME [--yes]`: asks first; the user's token stops working at once. */
export const usersRemoveCommand: Command = {
  name: 'users remove',
  summary: 'remove a user; their token stops working at once (audited)',
  usage: 'caio users remove NAME [--yes]',
  run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { yes: { type: 'boolean' } } });
    const [name] = positionals;
    if (!name || positionals.length !== 1) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    return withLocalCore(env, io, async (core) => {
      if (!values.yes && !(await io.confirm(`Remove user ${name}? Their token stops working at once.`))) {
        io.err('not confirmed: nothing changed (pass --yes when no terminal can answer)\n');
        return EXIT.gateFailed;
      }
      const removed = await removeUser(adminDeps(core), { name, trace: trace(core, env, 'remove') });
      if (removed.isErr()) return explain(io, removed.error);
      io.out(`removed ${removed.value.name} (${removed.value.role})\n`);
      return EXIT.ok;
    });
  },
};
