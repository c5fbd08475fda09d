import { autonomyReadiness, disableAutonomy, enableAutonomy, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { readinessEnvironment } from '../../composition/readiness-environment.js';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';
import { readReplayPassRate } from '../../replay/replay-pass-rate.js';

/**
 * `caio autonomy enable|disable --reason TEXT`: the mode switch against the store
 * directly (like `POST /api/autonomy`). Enabling computes the go/no-go now and refuses
 * (exit 1, every criterion printed) unless it is GO; disabling always works. Audited as
 * `cli:<user>`.
 */
export const autonomyCommand: Command = {
  name: 'autonomy',
  summary: 'switch autonomous mode on (only on a GO computed now) or off (always); audited',
  usage: 'caio autonomy enable|disable --reason "why" [--actor NAME]',
  run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { reason: { type: 'string' }, actor: { type: 'string' } } });
    const [action] = positionals;
    if ((action !== 'enable' && action !== 'disable') || positionals.length !== 1 || !values.reason) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    const reason = values.reason;
    return withLocalCore(env, io, async ({ deps, config, webhooks }) => {
      const at = deps.clock.now().toISOString();
      const trace = { traceId: `trace_autonomy_${Date.parse(at)}` as TraceId, actor: values.actor ?? `cli:${env.USER ?? 'operator'}`, at, origin: 'cli' as const };
      if (action === 'disable') {
        const done = await disableAutonomy(deps, { reason, trace });
        if (done.isErr()) {
          io.err(`not disabled: ${done.error._tag}\n`);
          return done.error._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
        }
        io.out('autonomy disabled: mode is supervised\n');
        return EXIT.ok;
      }
      const readiness = await autonomyReadiness(deps, readinessEnvironment(config, webhooks, await readReplayPassRate(deps.store)));
      if (readiness.isErr()) {
        io.err(`the go/no-go could not be computed: ${readiness.error._tag}\n`);
        return EXIT.gateFailed;
      }
      io.out(table([['criterion', 'passed', 'detail'], ...readiness.value.criteria.map((c) => [c.name, c.passed ? 'yes' : 'NO', c.detail])]));
      const enabled = await enableAutonomy(deps, { readiness: readiness.value, reason, trace });
      if (enabled.isErr()) {
        io.err(`not enabled: ${enabled.error._tag === 'AutonomyNotReady' ? enabled.error.message : enabled.error._tag}\n`);
        return enabled.error._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
      }
      io.out('autonomy enabled: mode is autonomous\n');
      return EXIT.ok;
    });
  },
};
