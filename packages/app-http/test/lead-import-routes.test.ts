import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REAL_EXPORT, REAL_MAP } from './support/import-fixtures.js';
import { auth, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.app.close();
});

const post = (query: string, body: string, contentType = 'text/csv') =>
  t.app.inject({ method: 'POST', url: `/api/leads/import?${query}`, headers: { ...auth, 'content-type': contentType }, payload: body });

describe('POST /api/leads/import', () => {
  it('previews with dry_run (nothing written), then imports with the column map; a company page is reported and the row keeps its e-mail', async () => {
    const query = `source_label=webinar&map=${encodeURIComponent(REAL_MAP)}`;
    const preview = await post(`${query}&dry_run=true`, REAL_EXPORT);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, rows: 3, created: 2, merged: 0, refused: [{ row: 3, reason: expect.stringContaining('needs an email or a LinkedIn') }] });
    expect(preview.json().warnings).toEqual([
      { row: 2, message: expect.stringContaining('company page') },
      { row: 3, message: expect.stringContaining('company page') },
    ]);
    expect(preview.json().warnings[0].message).toContain('the row keeps its e-mail');
    expect(preview.json().preview[1]).toMatchObject({ row: 2, result: 'create', email: 'bob@fairchild.example', linkedin: null, company: 'Fairchild', tier: 'tier_2', label: 'webinar' });
    expect((await t.store.listLeads({}))._unsafeUnwrap().items).toEqual([]);

    const imported = (await post(query, REAL_EXPORT)).json();
    expect(imported).toMatchObject({ dryRun: false, created: 2, merged: 0 });
    const leads = (await t.store.listLeads({}))._unsafeUnwrap().items;
    expect(leads.map((l) => [l.identity.email, l.identity.linkedin ?? null, l.company, l.tier, l.sourceLabel, l.signals['Tech Stack'] ?? null]).sort()).toEqual([
      ['ada@engines.example', 'linkedin.com/in/ada-l', 'Analytical Engines', 'tier_1', 'webinar', 'Segment, Snowflake'],
      ['bob@fairchild.example', null, 'Fairchild', 'tier_2', 'webinar', null],
    ]);
    expect((await post(query, REAL_EXPORT)).json()).toMatchObject({ created: 0, merged: 2 });
  });

  it('refuses a bad map, a map naming a missing column, a non-CSV body and a body over the limit', async () => {
    expect((await post('map=Work%20Email%3Dmail', REAL_EXPORT)).json().message).toContain('"mail" is not a lead field');
    expect((await post('map=Email%20Address%3Demail', REAL_EXPORT)).json().message).toContain('no column "Email Address"');
    expect((await post('', 'a,"b\n1,2')).json().message).toContain('never closed');
    expect((await post('', '{"email":"x@y.z"}', 'application/json')).statusCode).toBe(400);
    const huge = `email\n${'x@example.com\n'.repeat(200_000)}`;
    expect((await post('', huge)).statusCode).toBe(413);
    expect((await t.store.listLeads({}))._unsafeUnwrap().items).toEqual([]);
  });
});
