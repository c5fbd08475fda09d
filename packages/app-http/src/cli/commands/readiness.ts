import { autonomyReadiness } from '@caio/core';
import { readinessEnvironment } from '../../composition/readiness-environment.js';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';
import { readReplayPassRate } from '../../replay/replay-pass-rate.js';

/** `caio readiness`: the autonomy go/no-go with every criterion; exit 1 on no-go. */
export const readinessCommand: Command = {
  name: 'readiness',
  summary: 'the autonomy go/no-go with each criterion (exit 1 on no-go)',
  usage: 'caio readiness',
  run: (_args, env, io) =>
    withLocalCore(env, io, async ({ deps, config, webhooks }) => {
      const result = await autonomyReadiness(deps, readinessEnvironment(config, webhooks, await readReplayPassRate(deps.store)));
      if (result.isErr()) {
        io.err(`readiness could not be computed: ${result.error._tag}\n`);
        return EXIT.gateFailed;
      }
      io.out(table([['criterion', 'passed', 'detail'], ...result.value.criteria.map((c) => [c.name, c.passed ? 'yes' : 'NO', c.detail])]));
      io.out(`autonomy: ${result.value.go ? 'GO' : 'NO-GO'}\n`);
      return result.value.go ? EXIT.ok : EXIT.gateFailed;
    }),
};
