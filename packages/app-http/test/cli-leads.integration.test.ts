import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { seedLeads } from './support/lead-fixtures.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

describe.each(['file', 'redis'] as const)('caio leads list and show (%s store)', (backend) => {
  it('lists leads for every filter with cursor pages, and shows one lead', async () => {
    const env = await storeEnv(backend);
    await withCore(env, ({ deps }) => seedLeads(deps.store, new Date().toISOString()));
    const ids = async (args: string[]) => {
      const run = await caio(['leads', 'list', ...args, '--json'], env);
      expect(run.code, run.err).toBe(0);
      return (JSON.parse(run.out).items as { lead: { id: string } }[]).map((o) => o.lead.id);
    };
    expect(await ids([])).toEqual(['lead_ada', 'lead_bob', 'lead_cy', 'lead_di']);
    expect(await ids(['--q', 'FAIRCHILD'])).toEqual(['lead_bob']);
    expect(await ids(['--q', 'ada@engines'])).toEqual(['lead_ada']);
    expect(await ids(['--source', 'import'])).toEqual(['lead_cy']);
    expect(await ids(['--label', 'wpromote'])).toEqual(['lead_ada', 'lead_di']);
    expect(await ids(['--tier', '2'])).toEqual(['lead_bob']);
    expect(await ids(['--status', 'pending'])).toEqual(['lead_ada']);
    expect(await ids(['--replied', 'true'])).toEqual(['lead_bob']);
    expect(await ids(['--suppressed', 'true'])).toEqual(['lead_cy']);

    const page = await caio(['leads', 'list', '--limit', '2'], env);
    expect(page.out).toMatch(/lead_bob +Bob Noyce +Fairchild +bob@fairchild.example +tier_2 +clay +acme +sent +yes +no/);
    expect(page.out).toContain('next page: --cursor lead_bob');
    expect((await caio(['leads', 'list', '--limit', '2', '--cursor', 'lead_bob'], env)).out).toContain('2 lead(s); last page');

    const show = await caio(['leads', 'show', 'lead_bob'], env);
    expect(show.code).toBe(0);
    expect(show.out).toContain('status sent, replied');
    expect(show.out).toMatch(/card_bob +0 +instantly +sent/);
    expect(show.out).toContain('{"emailId":"em_42"}');
    expect(show.out).toContain('webhook.ReplyReceived');
    expect((await caio(['leads', 'show', 'lead_cy'], env)).out).toMatch(/email:cy@mound.example +unsubscribed/);

    expect(await caio(['leads', 'show', 'lead_nobody'], env)).toMatchObject({ code: 1, err: 'no lead lead_nobody\n' });
    expect((await caio(['leads', 'list', '--replied', 'maybe'], env)).code).toBe(2);
  });
});
