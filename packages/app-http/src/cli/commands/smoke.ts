import { EXIT, type Command } from '../command.js';
import { runSmoke } from '../smoke/run-smoke.js';
import { redact, smokePassed, smokeSummary, smokeTable } from '../smoke/smoke-report.js';
import { parseSmokeOptions, type SmokeOptions } from '../smoke/smoke-options.js';

const secretsOf = (options: SmokeOptions): string[] => [
  options.token,
  ...Object.values(options.webhookCredentials).flatMap((c) => (c._tag === 'Usable' ? [c.credential.value] : [])),
];

/**
 * `caio smoke --base-url U`: the deployed smoke checklist against a running app
 * (liveness, readiness, dashboard auth matrix, webhook probes per provider, CORS). Prints
 * a table and a one-line JSON summary (`--json`: the summary only). Exit 0 when every
 * check passes, 1 naming the failing ones, 2 on usage errors.
 */
export const smokeCommand: Command = {
  name: 'smoke',
  summary: 'run the deployed smoke checklist against a running app (exit 1 naming failed checks)',
  usage:
    'caio smoke --base-url URL [--expect-webhook-required true|false] [--expect-query-token-enabled true|false] [--allowed-origin ORIGIN] [--timeout-ms N] [--json]   (token: CAIO_DASHBOARD_TOKEN; webhook credentials: the app\'s variables, e.g. INSTANTLY_WEBHOOK_SECRET)',
  async run(args, env, io) {
    const parsed = parseSmokeOptions(args, env);
    if (parsed.isErr()) {
      io.err(`${parsed.error.join('\n')}\n\nUsage: ${this.usage}\n`);
      return EXIT.usage;
    }
    const options = parsed.value;
    const checks = await runSmoke(options);
    const secrets = secretsOf(options);
    if (!options.json) io.out(redact(smokeTable(checks), secrets));
    io.out(redact(smokeSummary(checks), secrets));
    if (smokePassed(checks)) return EXIT.ok;
    io.err(redact(`smoke failed: ${checks.filter((c) => !c.passed).map((c) => c.name).join(', ')}\n`, secrets));
    return EXIT.gateFailed;
  },
};
