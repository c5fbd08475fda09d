import { initializeRedisEpoch } from '@caio/adapters-redis';
import { storeRecordKey } from '@caio/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caio, fileStoreEnv, recordSend, withCore } from './support/cli.js';
import { removeRedisPrefixes } from './support/redis-cleanup.js';

const prefixes: string[] = [];
afterAll(async () => removeRedisPrefixes(prefixes));

const AT = '2026-03-02T20:30:00.000Z';

/**
 * A file store with two sends on record, and the env to migrate it into a fresh Redis
 * prefix, whose epoch marker is made first (as `caio state init` does) unless `init: false`.
 */
const setUp = async ({ init = true } = {}) => {
  const prefix = `caio-migrate-${process.pid}-${Date.now()}-${prefixes.length}`;
  prefixes.push(prefix);
  const env = fileStoreEnv({ REDIS_KEY_PREFIX: prefix });
  if (init) (await initializeRedisEpoch({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix }, { witnessed: null }))._unsafeUnwrap();
  await withCore(env, async (core) => {
    await recordSend(core, 'ada', AT, { state: 'sent', receipt: { messageId: 'm1' } });
    await recordSend(core, 'bob', AT, { state: 'unknown', reason: 'timeout' });
  });
  // The same Redis, seen as the app would after the cutover.
  const redisEnv = fileStoreEnv({ STATE_BACKEND: 'redis', REDIS_KEY_PREFIX: prefix, STATE_DIR: mkdtempSync(join(tmpdir(), 'caio-after-')) });
  const records = (which: Record<string, string>) => withCore(which, async (core) => (await core.deps.store.exportRecords())._unsafeUnwrap());
  return { env, redisEnv, records };
};

describe('caio state migrate --from file --to redis', () => {
  it('a dry run writes nothing; the copy is verified, audited, and a second run copies nothing', async () => {
    const { env, redisEnv, records } = await setUp();
    const source = await records(env);
    expect(source.length).toBeGreaterThan(5);

    const dry = await caio(['state', 'migrate', '--from', 'file', '--to', 'redis', '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0, out: expect.stringContaining(`${source.length} to copy, 0 already in Redis, 0 refused`) });
    expect(dry.out).toContain('dry run: nothing written');
    expect(await records(redisEnv)).toEqual([]);

    const copied = await caio(['state', 'migrate', '--from', 'file', '--to', 'redis'], env);
    expect(copied.code).toBe(0);
    expect(copied.out).toContain(`${source.length} record(s) copied; ${source.length}/${source.length} verified equal in Redis`);
    const inRedis = await records(redisEnv);
    expect(inRedis.map(storeRecordKey).sort()).toEqual(source.map(storeRecordKey).sort());
    const audit = await withCore(redisEnv, async (core) => (await core.deps.store.listAudit({ limit: 100 }))._unsafeUnwrap());
    expect(audit.find((e) => e.action === 'state.migrated')?.detail).toMatchObject({ copied: source.length, refused: [], mismatched: [] });

    const again = await caio(['state', 'migrate', '--from', 'file', '--to', 'redis'], env);
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining(`0 to copy, ${source.length} already in Redis`) });
  }, 60_000);

  it('never overwrites a record Redis holds newer: it is listed, the rest is copied, and the command exits 1', async () => {
    const { env, redisEnv, records } = await setUp();
    expect((await caio(['state', 'migrate', '--from', 'file', '--to', 'redis'], env)).code).toBe(0);
    // After the cutover the app moved a card on in Redis; then someone runs the migration again.
    await withCore(redisEnv, async (core) => {
      const card = (await core.deps.store.getCard('card_ada' as never))._unsafeUnwrap()!;
      (await core.deps.store.putCard({ ...card, outcomeReason: 'noted after the cutover', version: card.version + 1 }, card.version))._unsafeUnwrap();
    });
    // And the file store gained a new lead meanwhile.
    await withCore(env, async (core) => recordSend(core, 'cy', AT, null));

    const run = await caio(['state', 'migrate', '--from', 'file', '--to', 'redis'], env);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/card:card_ada\s+target_newer\s+the target holds \d+, the source \d+/);
    const card = (await records(redisEnv)).find((r) => storeRecordKey(r) === 'card:card_ada');
    expect(card?.value).toMatchObject({ outcomeReason: 'noted after the cutover' });
    expect((await records(redisEnv)).some((r) => storeRecordKey(r) === 'lead:cy')).toBe(true);
  }, 60_000);

  it('refuses other directions, and a Redis that is not ready', async () => {
    expect((await caio(['state', 'migrate', '--from', 'redis', '--to', 'file'], fileStoreEnv())).code).toBe(2);
    const { env } = await setUp({ init: false });
    const unready = await caio(['state', 'migrate', '--from', 'file', '--to', 'redis'], env);
    expect(unready.code).toBe(3);
    expect(unready.err).toContain('caio state init');
  }, 60_000);
});
