import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readReplayPassRate, writeReplayResult } from '../src/cli/commands/replay-record-file.js';
import { RUNNING_VERSION } from '../src/replay/running-version.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the replay gate result counts for the running version only', () => {
  it('is read back for the version that recorded it, and missing for another or for none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'caio-replay-'));
    expect(await readReplayPassRate(dir)).toBeNull();
    await writeReplayResult(dir, { passRate: 0.97, cases: 40, at: '2026-03-02T20:00:00.000Z' });
    expect(RUNNING_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(await readReplayPassRate(dir)).toBe(0.97);
    expect(await readReplayPassRate(dir, '99.0.0')).toBeNull();
    // A result recorded before results carried a version: missing for every version.
    writeFileSync(join(dir, 'replay-result.json'), JSON.stringify({ passRate: 1, cases: 40, at: '2026-03-02T20:00:00.000Z' }));
    expect(await readReplayPassRate(dir)).toBeNull();
  });
});
