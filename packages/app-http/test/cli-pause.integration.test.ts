import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

describe.each(['file', 'redis'] as const)('caio pause (%s store)', (backend) => {
  it('pauses and resumes a channel and a campaign in the shared controls, audited', async () => {
    const env = await storeEnv(backend);
    expect((await caio(['pause', '--campaign', 'cmp_a', '--reason', 'copy under review', '--actor', 'maria'], env)).out).toBe('cmp_a paused; paused channels: none; paused campaigns: cmp_a\n');
    expect((await caio(['pause', '--channel', 'heyreach', '--reason', 'account review'], env)).out).toContain('paused channels: heyreach; paused campaigns: cmp_a');
    expect((await caio(['pause', '--campaign', 'cmp_a', '--resume', '--reason', 'approved'], env)).out).toContain('paused channels: heyreach; paused campaigns: none');
    await withCore(env, async ({ deps: { store } }) => {
      expect((await store.getControls())._unsafeUnwrap()).toMatchObject({ pausedChannels: ['heyreach'], pausedCampaigns: [] });
      const audit = (await store.listAudit({ limit: 50 }))._unsafeUnwrap().map((e) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['controls.campaign_paused', 'controls.channel_paused', 'controls.campaign_resumed']));
    });
    expect((await caio(['pause', '--channel', 'fax', '--reason', 'x'], env)).code).toBe(2);
    expect((await caio(['pause', '--channel', 'instantly', '--campaign', 'c', '--reason', 'both'], env)).code).toBe(2);
    expect((await caio(['pause', '--campaign', 'c'], env)).code).toBe(2);
  });
});
