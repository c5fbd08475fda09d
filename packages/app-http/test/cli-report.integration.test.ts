import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';
import { DAY1, DAY2, seedReport } from './support/report-fixtures.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

describe.each(['file', 'redis'] as const)('caio report (%s store)', (backend) => {
  it('prints the report per day, channel and campaign, and exports CSV to stdout or a file', async () => {
    const env = await storeEnv(backend);
    await withCore(env, ({ deps }) => seedReport(deps.store));
    const shown = await caio(['report', '--from', DAY1, '--to', DAY2], env);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toMatch(new RegExp(`${DAY2} +instantly +cmp-mapped +0 +1 +2 +1 +0 +1 +1 +0 +0`));
    expect(shown.out).toMatch(new RegExp(`${DAY1} +instantly +cmp-mapped +1 +0 +0 +0 +1`));

    const csv = await caio(['report', '--from', DAY1, '--to', DAY2, '--format', 'csv'], env);
    expect(csv.out.split('\r\n')[0]).toMatch(/^day,channel,campaign,sent,delivered,opened,clicked,replied,bounced,unsubscribed,rejected,edited,rejected_/);
    expect(csv.out).toContain(`${DAY2},heyreach,4242,0,0,0,0,0,0,0,2,0`);

    const out = join(env.STATE_DIR!, '..', `report-${process.pid}-${backend}.csv`);
    const written = await caio(['report', '--from', DAY2, '--to', DAY2, '--format', 'csv', '--out', out], env);
    expect(written.out).toBe(`3 row(s) written to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toContain(`${DAY2},ghl_email,-,0,0,0,0,0,0,0,0,1`);

    const json = JSON.parse((await caio(['report', '--from', DAY1, '--to', DAY1, '--format', 'json'], env)).out);
    expect(json.rows).toHaveLength(2);

    expect((await caio(['report', '--from', 'march'], env)).code).toBe(2);
    expect((await caio(['report', '--format', 'xml'], env)).err).toContain('--format');
  });
});
