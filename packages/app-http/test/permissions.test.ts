import { addUser, ROLES, type Role, type TraceId } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSha256 } from '../src/users/token-digest.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The permission table of docs/operations.md, route by route: the least role each `/api`
 * route needs. The test walks the OpenAPI document, so a new route that is not listed
 * here fails it until someone decides who may call it.
 */
const LEAST_ROLE: Readonly<Record<string, Role>> = {
  'GET /api/queue': 'reviewer',
  'GET /api/status': 'reviewer',
  'GET /api/me': 'reviewer',
  'GET /api/queue/trace': 'reviewer',
  'GET /api/rejections/summary': 'reviewer',
  'GET /api/autonomy/readiness': 'reviewer',
  'GET /api/audit': 'reviewer',
  'GET /api/controls/emergency-stop': 'reviewer',
  'GET /api/batches': 'reviewer',
  'GET /api/batches/{id}': 'reviewer',
  'POST /api/cards/{id}/approve': 'reviewer',
  'POST /api/cards/{id}/reject': 'reviewer',
  'POST /api/cards/{id}/edit': 'reviewer',
  'POST /api/cards/{id}/withdraw': 'reviewer',
  'GET /api/approvals': 'reviewer',
  'GET /api/outcomes/unknown': 'reviewer',
  'POST /api/outcomes/{id}/resolve': 'operator',
  'GET /api/quarantine': 'operator',
  'POST /api/quarantine/{id}/discard': 'operator',
  'POST /api/quarantine/{id}/reapply': 'operator',
  'POST /api/batches': 'operator',
  'POST /api/batches/{id}/execute': 'operator',
  'POST /api/controls/emergency-stop': 'operator',
  'POST /api/autonomy': 'admin',
  'GET /api/suppressions': 'reviewer',
  'GET /api/leads': 'reviewer',
  'GET /api/leads/{id}': 'reviewer',
  'POST /api/leads/import': 'operator',
  'GET /api/cards/{id}/timeline': 'reviewer',
  'GET /api/replies': 'reviewer',
  'POST /api/replies/{id}/handled': 'reviewer',
  'GET /api/controls/pauses': 'reviewer',
  'POST /api/controls/pauses': 'admin',
  'POST /api/cards/{id}/remap': 'admin',
  'GET /api/routing': 'reviewer',
  'PUT /api/routing': 'admin',
  'GET /api/reports/delivery': 'reviewer',
  'POST /api/suppressions': 'operator',
  'POST /api/suppressions/import': 'operator',
  'POST /api/suppressions/remove': 'admin',
  'POST /api/leads/erase': 'admin',
};

const TOKENS: Readonly<Record<Role, string>> = {
  reviewer: 'reviewer-token-0123456789abcdefghij',
  operator: 'operator-token-0123456789abcdefghij',
  admin: 'admin-user-token-0123456789abcdefghi',
};

let t: TestApp;
const trace = { traceId: 'trace_setup' as TraceId, actor: 'test', at: '2026-03-02T20:00:00.000Z', origin: 'test' as const };

beforeAll(async () => {
  t = await startTestApp();
  const deps = { users: t.services.users, audit: t.store, ids: t.services.deps.ids };
  for (const role of ROLES) (await addUser(deps, { name: `${role}-pat`, role, tokenSha256: tokenSha256(TOKENS[role]), trace }))._unsafeUnwrap();
});
afterAll(async () => t.app.close());

const call = (method: string, path: string, token: string | null, payload?: unknown) =>
  t.app.inject({ method: method as 'GET' | 'POST', url: path.replace('{id}', 'card_missing'), headers: token ? { 'x-dashboard-token': token } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('every /api route enforces its role', () => {
  it('the OpenAPI document lists exactly the routes of the permission table', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(routes).toEqual(Object.keys(LEAST_ROLE).sort());
  });

  it('refuses each role below the route\'s with 403 naming the role it needs, and lets the others through', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api'))) {
      for (const method of Object.keys(methods)) {
        const least = LEAST_ROLE[`${method.toUpperCase()} ${path}`]!;
        for (const role of ROLES) {
          // No body: the role check answers before validation, and an allowed role gets a 4xx of the route itself at most.
          const response = await call(method.toUpperCase(), path, TOKENS[role], method === 'post' ? {} : undefined);
          const allowed = ROLES.indexOf(role) >= ROLES.indexOf(least);
          if (allowed) expect(response.statusCode, `${role} ${method} ${path}`).not.toBe(403);
          else {
            expect(response.statusCode, `${role} ${method} ${path}`).toBe(403);
            expect(response.json(), `${role} ${method} ${path}`).toMatchObject({ error: 'Forbidden', required: least, role });
            expect(response.json().message).toMatch(new RegExp(`^${role}-pat is a ${role}; this needs the ${least} role \\(\\w+\\)$`));
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(Object.keys(LEAST_ROLE).length * ROLES.length);
  });

  it('refuses every route without a token (401)', async () => {
    let client = 0;
    for (const route of Object.keys(LEAST_ROLE)) {
      const [method, path] = route.split(' ') as [string, string];
      // One client address per request: the lockout after repeated failures is not what this checks.
      const response = await t.app.inject({ method: method as 'GET', url: path.replace('{id}', 'card_missing'), remoteAddress: `10.9.0.${++client}` });
      expect(response.statusCode, route).toBe(401);
    }
  });

  it('lets an operator engage the stop but only an admin release it; a reviewer can do neither', async () => {
    const stop = (role: Role, engaged: boolean) => call('POST', '/api/controls/emergency-stop', TOKENS[role], { engaged, reason: 'permission drill' });
    expect((await stop('reviewer', true)).statusCode).toBe(403);
    expect((await stop('operator', true)).statusCode).toBe(200);
    const release = await stop('operator', false);
    expect(release.statusCode).toBe(403);
    expect(release.json()).toMatchObject({ error: 'Forbidden', required: 'admin', message: 'operator-pat is a operator; this needs the admin role (releaseStop)' });
    expect((await stop('reviewer', false)).statusCode).toBe(403);
    expect((await t.store.getControls())._unsafeUnwrap().emergencyStop).toMatchObject({ engaged: true, by: 'user:operator-pat' });
    expect((await stop('admin', false)).statusCode).toBe(200);
    expect((await t.store.getControls())._unsafeUnwrap().emergencyStop).toMatchObject({ engaged: false, by: 'user:admin-pat' });
  });
});

describe('named users', () => {
  it('audits the authenticated user as the actor and ignores X-Reviewer', async () => {
    const lead = aLead('lead_actor');
    await t.store.putLead(lead, null);
    await t.store.putCard(aCard('card_actor', lead, { channel: 'instantly', campaignId: 'cmp-mapped' }), null);
    const response = await t.app.inject({ method: 'POST', url: '/api/cards/card_actor/reject', headers: { 'x-dashboard-token': TOKENS.reviewer, 'x-reviewer': 'somebody-else' }, payload: { tag: 'tone', reason: 'Too pushy for a first touch.' } });
    expect(response.statusCode).toBe(200);
    const entries = (await t.store.listAudit({ cardId: 'card_actor' as never }))._unsafeUnwrap();
    expect(entries.map((e) => e.trace.actor)).toEqual(['user:reviewer-pat']);
  });

  it('signs DASHBOARD_AUTH_TOKEN in as the admin DASHBOARD_ADMIN_NAME names', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: auth })).json()).toMatchObject({ name: 'admin', role: 'admin', actor: 'user:admin', source: 'dashboard-token' });
    const named = await startTestApp({ DASHBOARD_ADMIN_NAME: 'ops-lead' });
    try {
      expect((await named.app.inject({ method: 'GET', url: '/api/me', headers: auth })).json()).toMatchObject({ name: 'ops-lead', role: 'admin' });
    } finally {
      await named.app.close();
    }
  });

  it('tells a user who they are and what their role allows', async () => {
    const me = (await call('GET', '/api/me', TOKENS.operator)).json();
    expect(me).toMatchObject({ name: 'operator-pat', role: 'operator', actor: 'user:operator-pat', source: 'user' });
    expect(me.permissions).toContain('engageStop');
    expect(me.permissions).not.toContain('releaseStop');
  });

  it('stops accepting a rotated or removed token at the next request', async () => {
    const token = 'short-lived-token-0123456789abcdefgh';
    const deps = { users: t.services.users, audit: t.store, ids: t.services.deps.ids };
    (await addUser(deps, { name: 'temp', role: 'reviewer', tokenSha256: tokenSha256(token), trace }))._unsafeUnwrap();
    expect((await call('GET', '/api/me', token)).statusCode).toBe(200);
    await t.services.users.replaceUserToken('temp', tokenSha256('next-token-0123456789abcdefghijklm'), trace.at);
    expect((await call('GET', '/api/me', token)).statusCode).toBe(401);
    expect((await call('GET', '/api/me', 'next-token-0123456789abcdefghijklm')).statusCode).toBe(200);
    await t.services.users.removeUser('temp');
    expect((await call('GET', '/api/me', 'next-token-0123456789abcdefghijklm')).statusCode).toBe(401);
  });
});
