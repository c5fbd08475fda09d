import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, storeFingerprint, withCore } from './support/cli.js';
import { REAL_EXPORT, REAL_MAP } from './support/import-fixtures.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

describe.each(['file', 'redis'] as const)('caio leads import --map and --dry-run (%s store)', (backend) => {
  it('previews a real export without writing, then imports it; the company page is reported and its row keeps the e-mail', async () => {
    const env = await storeEnv(backend);
    const csv = join(env.STATE_DIR!, '..', `export-${process.pid}-${backend}-${Date.now()}.csv`);
    writeFileSync(csv, REAL_EXPORT);
    await withCore(env, async () => undefined); // the store exists before the fingerprint
    const before = await storeFingerprint(env);
    const dry = await caio(['leads', 'import', csv, '--map', REAL_MAP, '--source-label', 'webinar', '--dry-run'], env);
    expect(dry.code).toBe(1); // one row cannot be a lead
    expect(dry.out).toMatch(/2 +create +bob@fairchild.example +- +- +Fairchild +tier_2 +webinar/);
    expect(dry.out).toContain('dry run, nothing written: 2 lead(s) would be created, 0 merged, 1 refused');
    expect(dry.out).toContain('row 2 (kept): linkedin_url holds a company page');
    expect(await storeFingerprint(env)).toEqual(before);

    const run = await caio(['leads', 'import', csv, '--map', REAL_MAP, '--source-label', 'webinar'], env);
    expect(run.out).toContain('2 lead(s) created, 0 merged, 1 refused');
    expect(run.out).toContain('row 3: a lead needs an email or a LinkedIn profile URL');
    const listed = await caio(['leads', 'list', '--q', 'fairchild', '--json'], env);
    expect(JSON.parse(listed.out).items[0].lead).toMatchObject({ identity: { email: 'bob@fairchild.example' }, company: 'Fairchild', sourceLabel: 'webinar' });

    expect(await caio(['leads', 'import', csv, '--map', 'Work Email'], env)).toMatchObject({ code: 2, err: expect.stringContaining('is not HEADER=field') });
  });
});
