import { autonomyReadiness, WEBHOOK_PROVIDERS } from '@caio/core';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';
import { readReplayPassRate } from './replay-record-file.js';

/** `caio readiness`: the autonomy go/no-go with every criterion; exit 1 on no-go. */
export const readinessCommand: Command = {
  name: 'readiness',
  summary: 'the autonomy go/no-go with each criterion (exit 1 on no-go)',
  usage: 'caio readiness',
  run: (_args, env, io) =>
    withLocalCore(env, io, async ({ deps, config, webhooks }) => {
      const status = webhooks.status();
      const result = await autonomyReadiness(deps, {
        cleanDaysRequired: config.cleanDaysRequired,
        webhooks: {
          strict: webhooks.strict,
          unauthenticatedProviders: WEBHOOK_PROVIDERS.filter((p) => !status[p].configured && !status[p].unsigned_allowlisted),
          unsignedAllowlisted: WEBHOOK_PROVIDERS.filter((p) => status[p].unsigned_allowlisted),
        },
        dashboard: { queryTokenEnabled: config.dashboard.queryTokenEnabled },
        state: { backend: config.state.backend, fileFallbackWrite: config.state.fileFallbackWrite },
        replayPassRate: await readReplayPassRate(config.state.dir),
        trendWindowDays: 14,
      });
      if (result.isErr()) {
        io.err(`readiness could not be computed: ${result.error._tag}\n`);
        return EXIT.gateFailed;
      }
      io.out(table([['criterion', 'passed', 'detail'], ...result.value.criteria.map((c) => [c.name, c.passed ? 'yes' : 'NO', c.detail])]));
      io.out(`autonomy: ${result.value.go ? 'GO' : 'NO-GO'}\n`);
      return result.value.go ? EXIT.ok : EXIT.gateFailed;
    }),
};
