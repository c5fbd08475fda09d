import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayKey, recordDay } from '@caio/core';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

describe.each(['file', 'redis'] as const)('Tier 1 cards held back by the quality gate (%s store)', (backend) => {
  it('are stored as held with their findings, never queued, counted by the quality report, and not crafted again', async () => {
    const env = await storeEnv(backend);
    const csv = join(env.STATE_DIR!, '..', `held-${process.pid}-${backend}-${Date.now()}.csv`);
    writeFileSync(csv, ['email,first_name,company,tier,tech_stack', 'bob@beta.example,Bob,"{{company}}",1,HubSpot', 'ada@acme.example,Ada,Acme,1,Segment'].join('\n'));
    expect((await caio(['leads', 'import', csv, '--source-label', 'gate'], env)).code).toBe(0);
    const run = await caio(['pipeline', 'run', '--source', 'gate', '--limit', '10'], env);
    expect(run.out).toMatch(/held back\s+quality gate: unresolved placeholder \{\{company\}\}/);
    expect(run.out).toContain('1 card(s) queued for review');

    await withCore(env, async ({ deps }) => {
      const { store } = deps;
      // Clean-day accounting sees the held card as the day's gate failure.
      const day = dayKey(deps.clock.now(), deps.policy.timeZone);
      expect((await recordDay(deps, day))._unsafeUnwrap()).toMatchObject({ gateFailures: 1, clean: false });
      const held = (await store.listCards({ status: 'held' }))._unsafeUnwrap().items;
      expect(held).toHaveLength(1);
      expect(held[0]!.quality.passed).toBe(false);
      expect(held[0]!.quality.hits.map((h) => h.check)).toContain('unresolved_placeholder');
      expect((await store.listQueue({}))._unsafeUnwrap().items.map((c) => c.id)).not.toContain(held[0]!.id);
      expect((await store.listAudit({ cardId: held[0]!.id }))._unsafeUnwrap().map((e) => e.action)).toEqual(['card.held']);
    });
    expect((await caio(['quality-report'], env)).out).toContain('failed the quality gate: 1');
    expect((await caio(['pipeline', 'run', '--source', 'gate', '--limit', '10'], env)).out).toContain('0 card(s) queued');
  });
});
