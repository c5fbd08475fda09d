import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, storeFingerprint } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';
import { startTestApp, TOKEN } from './support/test-app.js';
import { aLead } from '@caio/testkit';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

describe.each(['file', 'redis'] as const)('caio suppress (%s store)', (backend) => {
  it('adds, lists, removes and imports do-not-contact entries; bad input names the entry or row and changes nothing', async () => {
    const env = await storeEnv(backend);
    const file = (name: string, text: string) => {
      const path = join(env.STATE_DIR!, '..', `${name}-${process.pid}-${Date.now()}.csv`);
      writeFileSync(path, text);
      return path;
    };
    expect(await caio(['suppress', 'add', 'Acme.example', '--reason', 'a customer', '--actor', 'ops:maria'], env)).toMatchObject({ code: 0, out: 'added domain:acme.example\n' });
    expect((await caio(['suppress', 'add', 'acme.example', '--reason', 'again'], env)).out).toContain('already on the list');
    expect((await caio(['suppress', 'add', 'ada@acme.example'], env)).code).toBe(2);

    const before = await storeFingerprint(env);
    expect(await caio(['suppress', 'add', 'phone:+1555', '--reason', 'x'], env)).toMatchObject({ code: 2, err: expect.stringContaining('phone:+1555') });
    expect(await caio(['suppress', 'remove', 'bob@b.example', '--reason', 'x'], env)).toMatchObject({ code: 1, err: expect.stringContaining('email:bob@b.example is not on the do-not-contact list; nothing changed') });
    const bad = await caio(['suppress', 'import', file('bad', 'entry,reason\nbob@b.example,asked\nnonsense,x\n')], env);
    expect(bad).toMatchObject({ code: 2, err: expect.stringContaining('row 2: entry') });
    expect(await storeFingerprint(env)).toEqual(before);

    expect((await caio(['suppress', 'import', file('good', 'entry,reason\nbob@b.example,asked\nhttps://www.linkedin.com/in/cy/,competitor\n')], env)).out).toContain('2 entries added, 0 already listed');
    const listed = await caio(['suppress', 'list'], env);
    expect(listed.out).toMatch(/domain:acme\.example\s+manual\s+operator\s+ops:maria/);
    expect(listed.out).toContain('3 entries');
    expect((await caio(['suppress', 'remove', 'bob@b.example', '--reason', 'was a mistake'], env)).out).toBe('removed email:bob@b.example\n');
    const json = JSON.parse((await caio(['suppress', 'list', '--json'], env)).out) as { target: string }[];
    expect(json.map((s) => s.target)).toEqual(['domain:acme.example', 'linkedin:linkedin.com/in/cy']);
  });

  it('pipeline run skips people on the list (by e-mail domain or company domain)', async () => {
    const env = await storeEnv(backend);
    const csv = join(env.STATE_DIR!, '..', `dnc-leads-${process.pid}-${Date.now()}.csv`);
    writeFileSync(csv, 'email,company_domain,first_name,tech\nada@acme.example,,Ada,6sense\nbob@gmail.example,beta.example,Bob,6sense\ncy@cyco.example,,Cy,6sense\n');
    await caio(['leads', 'import', csv, '--source-label', 'dnc'], env);
    await caio(['suppress', 'add', 'acme.example', '--reason', 'customer'], env);
    await caio(['suppress', 'add', 'beta.example', '--reason', 'competitor'], env);
    const run = await caio(['pipeline', 'run', '--source', 'dnc', '--limit', '10'], env);
    expect(run.out).toContain('do not contact: domain:acme.example');
    expect(run.out).toContain('do not contact: domain:beta.example');
    expect(run.out).toContain('1 card(s) queued');
  });
});

describe('the do-not-contact API', () => {
  it('lists, adds, removes and imports; errors name the entry or rows', async () => {
    const { app, store } = await startTestApp();
    const headers = { authorization: `Bearer ${TOKEN}` };
    const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, headers, payload: payload as object });
    expect((await post('/api/suppressions', { entry: 'acme.example', reason: 'customer' })).json()).toMatchObject({ added: true, suppression: { target: 'domain:acme.example', actor: 'user:admin', note: 'customer' } });
    await store.addSuppression({ target: 'email:z@zed.example' as never, reason: 'bounced', source: 'instantly:evt_9', at: '2026-03-02T20:00:00.000Z' });
    const list = (await app.inject({ method: 'GET', url: '/api/suppressions', headers })).json() as { items: { target: string; source: string }[] };
    expect(list.items).toEqual([expect.objectContaining({ target: 'domain:acme.example', source: 'operator' }), expect.objectContaining({ target: 'email:z@zed.example', source: 'instantly:evt_9' })]);
    const missing = await post('/api/suppressions/remove', { entry: 'nobody@x.example', reason: 'x' });
    expect(missing.statusCode).toBe(404);
    const bad = await post('/api/suppressions/import', { csv: 'entry,reason\nok.example,fine\nnot valid,x\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('row 2');
    expect((await post('/api/suppressions/import', { csv: 'entry,reason\nok.example,fine\n' })).json()).toEqual({ added: 1, existing: 0 });
    expect((await post('/api/suppressions/remove', { entry: 'acme.example', reason: 'no longer a customer' })).json()).toMatchObject({ removed: { target: 'domain:acme.example' } });
    expect((await app.inject({ method: 'GET', url: '/api/suppressions' })).statusCode).toBe(401);
    await app.close();
  });
});

describe('the erasure API', () => {
  it('erases a person (with the hash key configured), and says why not otherwise', async () => {
    const without = await startTestApp();
    const headers = { authorization: `Bearer ${TOKEN}` };
    const refused = await without.app.inject({ method: 'POST', url: '/api/leads/erase', headers, payload: { subject: 'ada@acme.example', reason: 'DSR-1' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('erasure needs the secret');
    await without.app.close();

    const { app, store } = await startTestApp({ ERASURE_HASH_KEY: 'api-erasure-secret-0123456789abcdef0123' });
    await store.putLead(aLead('ada'), null);
    const erased = await app.inject({ method: 'POST', url: '/api/leads/erase', headers, payload: { subject: 'https://www.linkedin.com/in/ada/', reason: 'DSR-1' } });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ leadId: 'ada', tombstones: 2, report: { leads: 1 } });
    expect((await store.getLead('ada' as never))._unsafeUnwrap()).toBeNull();
    expect((await app.inject({ method: 'POST', url: '/api/leads/erase', headers, payload: { subject: 'lead_nobody', reason: 'DSR-2' } })).statusCode).toBe(404);
    await app.close();
  });
});

describe('caio leads import: bad identity keys', () => {
  it('refuses a row with a key of no known form, naming the row and the key, and imports the others', async () => {
    const env = await storeEnv('file');
    const csv = join(env.STATE_DIR!, '..', `keys-${process.pid}-${Date.now()}.csv`);
    writeFileSync(csv, 'email,keys,tech\nada@acme.example,ghl:Cx9 heyreach:42,6sense\nbob@acme.example,fax:123,6sense\n');
    const run = await caio(['leads', 'import', csv], env);
    expect(run.out).toContain('1 lead(s) created, 0 merged, 1 refused');
    expect(run.out).toContain('row 2: unknown key format "fax:123"');
  });
});

