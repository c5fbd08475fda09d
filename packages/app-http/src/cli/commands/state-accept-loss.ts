import { findRedisLoss, replaceRedisEpoch } from '@caio/adapters-redis';
import { audit, countByKind, planRestore } from '@caio/core';
import { parseArgs } from 'node:util';
import { cliActor, cliTraceFor } from '../cli-trace.js';
import { EXIT, type Command } from '../command.js';
import { loadEpochTenant, prefixConfirmed } from '../epoch-target.js';
import { withLocalCore } from '../local-core.js';
import { loadLossSource, type LossSource } from '../loss-sources.js';

const describeError = (e: { _tag: string; reason?: string; message?: string }): string => e.reason ?? (e.message ? `${e._tag}: ${e.message}` : e._tag);

/**
 * `caio state accept-loss --reason TEXT --from SOURCE...`: after a real loss of the Redis
 * data (the epoch marker missing or changed), records the loss, re-imports what is known
 * from the sources the operator names (a file store directory, a `caio state export`
 * file, a `caio audit archive` file; only records the store lacks, never the controls),
 * and only then writes a new marker, which releases the block. Asks to type the prefix;
 * audited with the reason, the sources and what was imported.
 */
export const stateAcceptLossCommand: Command = {
  name: 'state accept-loss',
  summary: 'after a Redis data loss: re-import what is known to have been sent, then a new epoch marker releases the block (audited)',
  usage: 'caio state accept-loss --reason "what happened, what was checked" (--from DIR|FILE ... | --nothing-to-import) [--confirm-prefix PREFIX] [--actor NAME]',
  async run(args, env, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { reason: { type: 'string' }, from: { type: 'string', multiple: true }, 'nothing-to-import': { type: 'boolean' }, 'confirm-prefix': { type: 'string' }, actor: { type: 'string' } },
    });
    const sources = values.from ?? [];
    const reason = values.reason?.trim() ?? '';
    if (reason.length < 10 || (sources.length === 0) === (values['nothing-to-import'] !== true)) {
      io.err(`usage: ${this.usage}\n  --reason needs at least 10 characters; name every source with --from, or say --nothing-to-import\n`);
      return EXIT.usage;
    }
    const tenant = await loadEpochTenant(env, io, 'there is no loss to accept here');
    if (typeof tenant === 'number') return tenant;
    const { config } = tenant;
    const witnessed = tenant.witness.read();
    const loss = await findRedisLoss(tenant.target, { witnessed });
    if (loss.isErr()) {
      io.err(`nothing changed: ${describeError(loss.error)}\n`);
      return EXIT.gateFailed;
    }
    const read: LossSource[] = [];
    for (const path of sources) {
      const source = await loadLossSource(path, { now: () => new Date() });
      if (typeof source === 'string') {
        io.err(`nothing changed: ${source}\n`);
        return EXIT.gateFailed;
      }
      read.push(source);
    }
    const prefix = config.state.redisKeyPrefix;
    if (!(await prefixConfirmed(io, values['confirm-prefix'], prefix))) return EXIT.gateFailed;
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = cliTraceFor(deps, 'state_accept_loss', cliActor(values.actor, env));
      const present = await deps.store.exportRecords();
      if (present.isErr()) {
        io.err(`nothing changed: cannot read the store: ${describeError(present.error)}\n`);
        return EXIT.gateFailed;
      }
      const plan = planRestore(present.value, read.flatMap((s) => s.records));
      const imported = await deps.store.importRecords(plan.restore);
      if (imported.isErr()) {
        io.err(`the block stays: the re-import failed (${describeError(imported.error)}); run the command again\n`);
        return EXIT.gateFailed;
      }
      // Only now, with what is known back in the store, does a new marker release the block.
      const replaced = await replaceRedisEpoch(tenant.target, { witnessed });
      if (replaced.isErr()) {
        io.err(`the records were re-imported but the block stays: ${describeError(replaced.error)}\n`);
        return EXIT.gateFailed;
      }
      tenant.witness.remember(replaced.value.epoch);
      const withoutKeys = read.flatMap((s) => s.withoutKeys);
      const detail = {
        reason,
        prefix,
        sources: read.map((s) => ({ path: s.path, kind: s.kind, records: s.records.length })),
        imported: countByKind(plan.restore),
        alreadyPresent: plan.alreadyPresent,
        controlsSkipped: plan.controlsSkipped,
        claimsWithoutLeadKeys: withoutKeys,
        markerBefore: loss.value.marker === null ? 'missing' : `${loss.value.marker.slice(0, 8)}…`,
        epoch: `${replaced.value.epoch.slice(0, 8)}…`,
      };
      const audited = await audit(deps, trace, 'state.loss_accepted', {}, detail);
      if (audited.isErr()) io.err(`the loss was accepted but the audit entry could not be written: ${audited.error._tag}\n`);
      io.out(`loss accepted on prefix ${prefix} (audited as ${trace.actor}): ${plan.restore.length} record(s) re-imported ${JSON.stringify(detail.imported)}, ${plan.alreadyPresent} already present, controls left as they are; new epoch marker ${detail.epoch}\n`);
      if (withoutKeys.length) io.out(`${withoutKeys.length} claimed first touch(es) in the audit predate recorded lead keys; check these cards' leads by hand before sending to them again: ${withoutKeys.join(', ')}\n`);
      return audited.isOk() ? EXIT.ok : EXIT.gateFailed;
    });
  },
};
