import { MemoryStateStore, recordReplayGate, type TraceId } from '@caio/core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeSortedIds } from '../src/composition/time-sorted-ids.js';
import { readReplayPassRate } from '../src/replay/replay-pass-rate.js';
import { codeDigest, runningVersion } from '../src/replay/running-version.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the running version', () => {
  it('is the package version and a digest of the core code loaded', () => {
    expect(runningVersion()).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
    expect(runningVersion()).toBe(runningVersion());
  });

  it('changes with any code file of the core, and not with type declarations or source maps', () => {
    dir = mkdtempSync(join(tmpdir(), 'caio-digest-'));
    mkdirSync(join(dir, 'policy', 'rules'), { recursive: true });
    writeFileSync(join(dir, 'index.js'), 'export * from "./policy/rules/cap.js";');
    writeFileSync(join(dir, 'policy', 'rules', 'cap.js'), 'export const cap = 5;');
    const before = codeDigest(dir);
    writeFileSync(join(dir, 'index.d.ts'), 'export declare const cap: number;');
    writeFileSync(join(dir, 'index.js.map'), '{}');
    expect(codeDigest(dir)).toBe(before);
    writeFileSync(join(dir, 'policy', 'rules', 'cap.js'), 'export const cap = 6;');
    expect(codeDigest(dir)).not.toBe(before);
  });
});

describe('the replay gate result counts for the running version only', () => {
  it('is read from the store for the version that recorded it, and missing for another or for none', async () => {
    const store = new MemoryStateStore();
    expect(await readReplayPassRate(store)).toBeNull();
    const trace = { traceId: 'trace_replay' as TraceId, actor: 'cli:ops', at: '2026-03-02T20:00:00.000Z', origin: 'cli' as const };
    await recordReplayGate({ store, ids: new TimeSortedIds() }, { result: { passRate: 0.97, cases: 40, at: trace.at, version: runningVersion() }, trace });
    expect(await readReplayPassRate(store)).toBe(0.97);
    expect(await readReplayPassRate(store, '99.0.0+000000000000')).toBeNull();
  });
});
