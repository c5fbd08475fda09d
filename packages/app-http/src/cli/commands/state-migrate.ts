import { FileStateStore } from '@caio/adapters-file';
import { openRedisStateStore } from '@caio/adapters-redis';
import { planMigration, storeRecordKey, unequalRecords, type StateStore, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { describeConfigProblems } from '../../config/parse-config.js';
import { EpochWitness } from '../../composition/epoch-witness.js';
import { loadConfiguration } from '../../composition/load-configuration.js';
import { redisConnection } from '../../composition/open-redis-backend.js';
import { TimeSortedIds } from '../../composition/time-sorted-ids.js';
import { EXIT, table, type Command } from '../command.js';
import { describeStoreOpenError } from '../exit-codes.js';

/** Records written per importRecords call: a stopped run loses at most one chunk, and resumes. */
const CHUNK = 500;

const closeAll = async (stores: readonly (StateStore | null)[]) => {
  for (const store of stores) await store?.close();
};

/**
 * `caio state migrate --from file --to redis [--dry-run]`: the cutover's first step. Copies
 * every record of the file store (`STATE_DIR`) into Redis (`REDIS_URL` or the cluster, under
 * `REDIS_KEY_PREFIX`), then reads Redis back and compares record by record. Identical records
 * are skipped, so a stopped run resumes; a record Redis holds newer (or irreconcilably
 * different) is never overwritten: it is listed and the command exits 1. The copy is
 * audited in Redis (`state.migrated`). `--dry-run` reports and writes nothing.
 */
export const stateMigrateCommand: Command = {
  name: 'state migrate',
  summary: 'copy the file store into Redis (the cutover), verified record by record; resumable, never overwrites newer data',
  usage: 'caio state migrate --from file --to redis [--dry-run]',
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { from: { type: 'string' }, to: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
    if (values.from !== 'file' || values.to !== 'redis') {
      io.err('only --from file --to redis is supported (the cutover of docs/state-stores.md)\n');
      return EXIT.usage;
    }
    const dryRun = values['dry-run'] === true;
    const loaded = await loadConfiguration(env);
    if (loaded.isErr()) {
      io.err(`${describeConfigProblems(loaded.error)}\n`);
      return EXIT.usage;
    }
    const { config } = loaded.value;
    const source = await FileStateStore.open({ dir: config.state.dir });
    if (source.isErr()) {
      io.err(`the file store: ${describeStoreOpenError(source.error)}\n`);
      return EXIT.storeUnavailable;
    }
    // Redis is opened as the app opens it: its epoch marker (made by `caio state init`) checked
    // against the one this deployment saw, never created here.
    const witness = new EpochWitness(config.state.dir, config.state.redisKeyPrefix);
    const target = await openRedisStateStore({ ...redisConnection(config), keyPrefix: config.state.redisKeyPrefix, knownEpoch: witness.read(), onEpochSeen: (epoch) => witness.remember(epoch) });
    if (target.isErr()) {
      await closeAll([source.value]);
      io.err(`Redis: ${describeStoreOpenError(target.error)}\n`);
      return EXIT.storeUnavailable;
    }
    const stores = [source.value, target.value] as const;
    try {
      const health = (await target.value.health())._unsafeUnwrap();
      if (!health.ok || health.sendsBlocked) {
        io.err(`Redis is not ready to receive the store: ${health.sendsBlocked ?? 'unhealthy'} (on a new, empty Redis run caio state init first, with STATE_BACKEND=redis and this REDIS_KEY_PREFIX)\n`);
        return EXIT.storeUnavailable;
      }
      const [from, to] = [await source.value.exportRecords(), await target.value.exportRecords()];
      if (from.isErr() || to.isErr()) {
        io.err(`cannot read the stores: ${from.isErr() ? `file ${from.error._tag}` : ''} ${to.isErr() ? `redis ${to.error._tag}` : ''}\n`);
        return EXIT.gateFailed;
      }
      const plan = planMigration(from.value, to.value);
      if (plan.refused.length) io.out(table([['record', 'not copied', 'why'], ...plan.refused.map((r) => [r.key, r.reason, r.detail])]));
      io.out(`${from.value.length} record(s) in the file store: ${plan.copy.length} to copy, ${plan.same.length} already in Redis, ${plan.refused.length} refused (Redis holds newer or different data)\n`);
      if (dryRun) {
        io.out('dry run: nothing written\n');
        return plan.refused.length ? EXIT.gateFailed : EXIT.ok;
      }
      for (let i = 0; i < plan.copy.length; i += CHUNK) {
        const written = await target.value.importRecords(plan.copy.slice(i, i + CHUNK));
        if (written.isErr()) {
          io.err(`copy stopped after ${i} record(s): ${written.error._tag}; run again to resume\n`);
          return EXIT.gateFailed;
        }
        if (plan.copy.length > CHUNK) io.err(`copied ${Math.min(i + CHUNK, plan.copy.length)}/${plan.copy.length}\n`);
      }
      const after = await target.value.exportRecords();
      if (after.isErr()) {
        io.err(`cannot read Redis back to verify: ${after.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const expected = new Set([...plan.copy.map(storeRecordKey), ...plan.same]);
      const mismatched = unequalRecords(from.value, after.value, expected);
      const at = new Date().toISOString();
      const ids = new TimeSortedIds();
      await target.value.appendAudit({
        id: ids.next('audit'),
        trace: { traceId: `trace_state_migrate_${Date.parse(at)}` as TraceId, actor: 'cli:state-migrate', at, origin: 'cli' },
        action: 'state.migrated',
        detail: { from: config.state.dir, to: config.state.redisKeyPrefix, copied: plan.copy.length, alreadyPresent: plan.same.length, refused: plan.refused.map((r) => r.key), mismatched },
      });
      if (mismatched.length) io.out(`verification failed: ${mismatched.length} record(s) differ after the copy: ${mismatched.slice(0, 20).join(', ')}\n`);
      io.out(`${plan.copy.length} record(s) copied; ${expected.size - mismatched.length}/${expected.size} verified equal in Redis\n`);
      return mismatched.length || plan.refused.length ? EXIT.gateFailed : EXIT.ok;
    } finally {
      await closeAll(stores);
    }
  },
};
