import 'reflect-metadata';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp } from '../src/composition/container.js';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { buildServer } from '../src/http/build-server.js';
import { bootstrapFirstAdmin } from '../src/users/bootstrap-admin.js';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

const DASHBOARD = 'cli-users-dashboard-token-0123456789';
const tokenIn = (out: string): string => /: (\S{43})\n/.exec(out)?.[1] ?? '';

/** A separate app instance on the same store, as another process would be: who does a token sign in as? */
const whoAmI = async (env: Record<string, string>, token: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const loaded = (await loadConfiguration(env))._unsafeUnwrap();
  const composed = (await composeApp(loaded, pino({ level: 'silent' })))._unsafeUnwrap();
  const app = await buildServer(composed.services, pino({ level: 'silent' }));
  try {
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: { 'x-dashboard-token': token } });
    return { status: response.statusCode, body: response.json() };
  } finally {
    await app.close();
    await composed.state.store.close();
  }
};

describe.each(['file', 'redis'] as const)('caio users (%s store)', (backend) => {
  it('adds users with a token shown once, lists them, rotates and removes them; every app instance sees each change', async () => {
    const env = await storeEnv(backend, { DASHBOARD_AUTH_TOKEN: DASHBOARD, USER: 'maria' });
    const added = await caio(['users', 'add', 'pat', '--role', 'operator'], env);
    expect(added.code).toBe(0);
    expect(added.out).toContain('token for pat (operator;');
    const token = tokenIn(added.out);
    expect(token).toHaveLength(43);
    expect(await whoAmI(env, token)).toMatchObject({ status: 200, body: { name: 'pat', role: 'operator', actor: 'user:pat' } });

    expect((await caio(['users', 'add', 'pat', '--role', 'admin'], env))).toMatchObject({ code: 1, err: expect.stringContaining('UserExists') });
    expect((await caio(['users', 'add', 'Bad Name', '--role', 'admin'], env)).code).toBe(2);
    expect((await caio(['users', 'add', 'kim', '--role', 'root'], env))).toMatchObject({ code: 2, err: expect.stringContaining('reviewer, operator or admin') });
    expect((await caio(['users', 'add', 'ada', '--role', 'admin'], env)).code).toBe(0);

    const listed = await caio(['users', 'list'], env);
    expect(listed.out).toMatch(/ada\s+admin/);
    expect(listed.out).toMatch(/pat\s+operator/);
    expect(listed.out).not.toContain(token);

    const rotated = await caio(['users', 'rotate', 'pat'], env);
    const next = tokenIn(rotated.out);
    expect(next).not.toBe(token);
    expect((await whoAmI(env, token)).status).toBe(401);
    expect((await whoAmI(env, next)).body).toMatchObject({ name: 'pat' });

    const unconfirmed = await caio(['users', 'remove', 'pat'], env, false);
    expect(unconfirmed.code).toBe(1);
    expect((await whoAmI(env, next)).status).toBe(200);
    expect((await caio(['users', 'remove', 'pat'], env, true)).code).toBe(0);
    expect((await whoAmI(env, next)).status).toBe(401);
    // The last admin in the store stays.
    expect(await caio(['users', 'remove', 'ada', '--yes'], env)).toMatchObject({ code: 2, err: expect.stringContaining('last admin') });

    // Audited as the CLI user, with names and roles, never a token or its digest.
    const audit = await withCore(env, async (core) => (await core.deps.store.listAudit({ limit: 100 }))._unsafeUnwrap());
    const userEntries = audit.filter((e) => e.action.startsWith('user.'));
    expect(userEntries.map((e) => [e.action, e.detail.name, e.trace.actor])).toEqual([
      ['user.added', 'pat', 'cli:maria'],
      ['user.added', 'ada', 'cli:maria'],
      ['user.token_rotated', 'pat', 'cli:maria'],
      ['user.removed', 'pat', 'cli:maria'],
    ]);
    expect(JSON.stringify(userEntries)).not.toContain(token.slice(0, 20));
  }, 60_000);

  it('bootstraps the first admin from the environment once, never over an existing admin', async () => {
    const env = await storeEnv(backend, { DASHBOARD_AUTH_TOKEN: DASHBOARD, BOOTSTRAP_ADMIN_NAME: 'founder', BOOTSTRAP_ADMIN_TOKEN: 'founder-token-0123456789abcdefghij' });
    const config = (await loadConfiguration(env))._unsafeUnwrap().config;
    expect(JSON.stringify(config.users)).not.toContain('founder-token-0123456789abcdefghij');
    const boot = () => withCore(env, (core) => bootstrapFirstAdmin({ users: core.users, audit: core.deps.store, ids: core.deps.ids }, config, new Date()));
    expect(await boot()).toBe('added');
    expect(await whoAmI(env, 'founder-token-0123456789abcdefghij')).toMatchObject({ status: 200, body: { name: 'founder', role: 'admin' } });
    // Rotated by hand: a restart must not bring the bootstrap token back.
    await caio(['users', 'rotate', 'founder'], env);
    expect(await boot()).toBe('admin exists');
    expect((await whoAmI(env, 'founder-token-0123456789abcdefghij')).status).toBe(401);
  }, 60_000);
});
