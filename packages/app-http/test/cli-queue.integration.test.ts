import { aCard, aLead } from '@caio/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe.each(['file', 'redis'] as const)('caio queue list (%s store)', (backend) => {
  it('lists one page of pending cards for every filter, with the cursor of the next page', async () => {
    const env = await storeEnv(backend);
    await withCore(env, async ({ deps: { store } }) => {
      const ada = aLead('ada', { sourceLabel: 'wpromote' });
      const bob = aLead('bob', { tier: 'tier_2', sourceLabel: 'acme' });
      for (const lead of [ada, bob]) (await store.putLead(lead, null))._unsafeUnwrap();
      for (const card of [
        aCard('card_old_t1', ada, { sourceLabel: 'wpromote', campaignId: 'cmp_a' }, hoursAgo(48)),
        aCard('card_t2_insta', bob, { sourceLabel: 'acme', channel: 'instantly', campaignId: 'cmp_b' }, hoursAgo(30)),
        aCard('card_fresh_t1', ada, { sourceLabel: 'wpromote', campaignId: 'cmp_a' }, hoursAgo(5)),
        aCard('card_fresh_t2', bob, { sourceLabel: 'acme', channel: 'heyreach' }, hoursAgo(2)),
        aCard('card_newest_t1', ada, { sourceLabel: 'acme', campaignId: 'cmp_b' }, hoursAgo(1)),
      ])
        (await store.putCard(card, null))._unsafeUnwrap();
    });
    const ids = async (args: string[]) => {
      const run = await caio(['queue', 'list', ...args, '--json'], env);
      expect(run.code, run.err).toBe(0);
      return (JSON.parse(run.out).items as { id: string }[]).map((c) => c.id);
    };
    expect(await ids([])).toEqual(['card_old_t1', 'card_t2_insta', 'card_fresh_t1', 'card_fresh_t2', 'card_newest_t1']);
    expect(await ids(['--order', 'newest', '--limit', '2'])).toEqual(['card_newest_t1', 'card_fresh_t2']);
    expect(await ids(['--tier', '2'])).toEqual(['card_t2_insta', 'card_fresh_t2']);
    expect(await ids(['--channel', 'instantly'])).toEqual(['card_t2_insta']);
    expect(await ids(['--campaign', 'cmp_a'])).toEqual(['card_old_t1', 'card_fresh_t1']);
    expect(await ids(['--source', 'acme'])).toEqual(['card_t2_insta', 'card_fresh_t2', 'card_newest_t1']);
    expect(await ids(['--max-age-hours', '24'])).toEqual(['card_fresh_t1', 'card_fresh_t2', 'card_newest_t1']);
    expect(await ids(['--min-age-hours', '24'])).toEqual(['card_old_t1', 'card_t2_insta']);
    expect(await ids(['--preset', 'fresh_tier_1'])).toEqual(['card_newest_t1', 'card_fresh_t1']);

    const first = await caio(['queue', 'list', '--limit', '3'], env);
    expect(first.out).toMatch(/card_old_t1 +tier_1 +ghl_email +cmp_a +wpromote/);
    const cursor = /--cursor (\S+)/.exec(first.out)?.[1];
    expect(cursor).toMatch(/:card_fresh_t1$/);
    const second = await caio(['queue', 'list', '--limit', '3', '--cursor', cursor!], env);
    expect(second.out).toContain('card_fresh_t2');
    expect(second.out).toContain('2 card(s); last page');

    const bad = await caio(['queue', 'list', '--tier', '7'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--tier');
  });
});
