import type { AuditEntry, TraceId } from '@caio/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCutOff } from '../src/cli/commands/audit-archive.js';
import { caio, redisPrefixes, storeEnv, withCore } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

afterAll(async () => removeRedisPrefixes(redisPrefixes));

const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();
const entry = (id: string, at: string): AuditEntry => ({ id, trace: { traceId: `trace_${id}` as TraceId, actor: 'test', at, origin: 'test' }, action: 'card.approved', detail: { id } });

/** Three entries from 100, 95 and 40 days ago, and one from today. */
const seeded = async (backend: 'file' | 'redis') => {
  const env = await storeEnv(backend);
  await withCore(env, async ({ deps }) => {
    for (const e of [entry('old1', daysAgo(100)), entry('old2', daysAgo(95)), entry('mid', daysAgo(40)), entry('new', daysAgo(0))]) await deps.store.appendAudit(e);
  });
  return env;
};
const head = (env: Record<string, string>) => withCore(env, async ({ deps }) => (await deps.store.listAuditHead(100))._unsafeUnwrap());

describe.each(['file', 'redis'] as const)('caio audit archive (%s store)', (backend) => {
  it('moves the entries older than the cut-off to the file, then out of the store, and audits it', async () => {
    const env = await seeded(backend);
    const out = join(env.STATE_DIR!, 'archive', '..', 'audit-2026.jsonl');
    const run = await caio(['audit', 'archive', '--before', '90d', '--out', out, '--yes'], env);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('archived 2 audit entries older than');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    expect(lines.map((e) => e.id)).toEqual(['old1', 'old2']);
    expect(lines[0]).toEqual(entry('old1', lines[0]!.trace.at));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const left = await head(env);
    expect(left.map((e) => e.id).slice(0, 2)).toEqual(['mid', 'new']);
    expect(left.at(-1)).toMatchObject({ action: 'audit.archived', detail: { archived: 2, interrupted: false } });
    // Run again with a later cut-off: the file grows, nothing is archived twice.
    const again = await caio(['audit', 'archive', '--before', '30d', '--out', out, '--yes'], env);
    expect(again.code, again.err).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditEntry).id)).toEqual(['old1', 'old2', 'mid']);
  });

  it('changes nothing without confirmation, while another archive runs, or on bad arguments', async () => {
    const env = await seeded(backend);
    const out = join(env.STATE_DIR!, 'archive.jsonl');
    const unconfirmed = await caio(['audit', 'archive', '--before', '90d', '--out', out], env, false);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.questions[0]).toContain('older than');
    expect(existsSync(out)).toBe(false);
    // Another archiver holds the lease.
    await withCore(env, async ({ deps }) => {
      const lease = (await deps.locks!.acquire('audit-archive', 60_000))._unsafeUnwrap();
      expect(lease).not.toBeNull();
      const busy = await caio(['audit', 'archive', '--before', '90d', '--out', out, '--yes'], env);
      expect(busy.code).toBe(1);
      expect(busy.err).toContain('another audit archive is running');
      await deps.locks!.release(lease!);
    });
    for (const args of [['--before', '90d'], ['--out', out], ['--before', 'yesterday', '--out', out], ['--before', daysAgo(-2), '--out', out], ['--before', '90d', '--out', out, '--bogus']]) {
      const bad = await caio(['audit', 'archive', ...args], env);
      expect(bad.code, args.join(' ')).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
    expect((await head(env)).map((e) => e.id)).toEqual(['old1', 'old2', 'mid', 'new']);
  });
});

describe('parseCutOff', () => {
  const now = new Date('2026-11-29T12:00:00.000Z');
  it('reads days before now and ISO dates, and nothing else', () => {
    expect(parseCutOff('30d', now)?.toISOString()).toBe('2026-10-30T12:00:00.000Z');
    expect(parseCutOff('2026-01-31', now)?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseCutOff('2026-01-31T10:00:00+02:00', now)?.toISOString()).toBe('2026-01-31T08:00:00.000Z');
    for (const bad of ['', '30', 'd', '-3d', 'last week', '2026-13-45', '31/01/2026']) expect(parseCutOff(bad, now), bad).toBeNull();
  });
});
