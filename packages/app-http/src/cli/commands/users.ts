import { addUser, removeUser, rotateUserToken, type TraceId, type UserAdminError } from '@caio/core';
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

const showToken = (io: Io, name: string, token: string): void =>
  io.out(`token for ${name} (shown once; only its SHA-256 is stored): ${token}\nsend it as the X-Dashboard-Token header, or paste it into /sales\n`);

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
    return withLocalCore(env, io, async (core) => {
      const token = newUserToken();
      const added = await addUser({ users: core.users, audit: core.deps.store, ids: core.deps.ids }, { name, role: values.role!, tokenSha256: tokenSha256(token), trace: trace(core, env, 'add') });
      if (added.isErr()) return explain(io, added.error);
      io.out(`added ${added.value.name} (${added.value.role})\n`);
      showToken(io, name, token);
      return EXIT.ok;
    });
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
    return withLocalCore(env, io, async (core) => {
      const token = newUserToken();
      const rotated = await rotateUserToken({ users: core.users, audit: core.deps.store, ids: core.deps.ids }, { name, tokenSha256: tokenSha256(token), trace: trace(core, env, 'rotate') });
      if (rotated.isErr()) return explain(io, rotated.error);
      showToken(io, name, token);
      return EXIT.ok;
    });
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
      const removed = await removeUser({ users: core.users, audit: core.deps.store, ids: core.deps.ids }, { name, trace: trace(core, env, 'remove') });
      if (removed.isErr()) return explain(io, removed.error);
      io.out(`removed ${removed.value.name} (${removed.value.role})\n`);
      return EXIT.ok;
    });
  },
};
