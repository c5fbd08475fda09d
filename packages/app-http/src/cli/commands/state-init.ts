import { initializeRedisEpoch } from '@caio/adapters-redis';
import { audit } from '@caio/core';
import { parseArgs } from 'node:util';
import { cliActor, cliTraceFor } from '../cli-trace.js';
import { EXIT, type Command } from '../command.js';
import { loadEpochTenant, prefixConfirmed } from '../epoch-target.js';
import { withLocalCore } from '../local-core.js';

/**
 * `caio state init`: the explicit, one-time creation of the Redis epoch marker for a
 * first deployment. The app never creates it (an empty database cannot tell a first
 * deployment from a total loss); this refuses a prefix that holds records, has a marker,
 * or had one this deployment saw. Asks to type the prefix; audited.
 */
export const stateInitCommand: Command = {
  name: 'state init',
  summary: 'create the Redis epoch marker once, for a first deployment (refuses a prefix with data or a marker seen before; audited)',
  usage: 'caio state init [--confirm-prefix PREFIX] [--actor NAME]',
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { 'confirm-prefix': { type: 'string' }, actor: { type: 'string' } } });
    const tenant = await loadEpochTenant(env, io, 'there is nothing to initialise');
    if (typeof tenant === 'number') return tenant;
    const prefix = tenant.config.state.redisKeyPrefix;
    if (!(await prefixConfirmed(io, values['confirm-prefix'], prefix))) return EXIT.gateFailed;
    const created = await initializeRedisEpoch(tenant.target, { witnessed: tenant.witness.read() });
    if (created.isErr()) {
      const e = created.error;
      io.err(`not initialised: ${e._tag === 'EpochRefused' ? e.reason : `${e._tag}: ${'message' in e ? e.message : e.reason}`}\n`);
      return EXIT.gateFailed;
    }
    tenant.witness.remember(created.value);
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = cliTraceFor(deps, 'state_init', cliActor(values.actor, env));
      const audited = await audit(deps, trace, 'state.epoch_initialised', {}, { prefix, epoch: `${created.value.slice(0, 8)}…` });
      if (audited.isErr()) io.err(`the marker was created but the audit entry could not be written: ${audited.error._tag}\n`);
      io.out(`epoch marker of prefix ${prefix} created (${created.value.slice(0, 8)}…); sends are no longer blocked by it (audited as ${trace.actor})\n`);
      return audited.isOk() ? EXIT.ok : EXIT.gateFailed;
    });
  },
};
