import { relinkLeads, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/**
 * `caio leads relink [--apply] [--json]`: lists stored leads that are one person (they
 * share keys) but were never merged, as stores written before identity merges may hold;
 * with `--apply`, merges each group into its oldest lead (audited `lead.relinked`).
 */
export const leadsRelinkCommand: Command = {
  name: 'leads relink',
  summary: 'merge stored leads that are one person (dry run unless --apply)',
  usage: 'caio leads relink [--apply] [--json] [--actor NAME]',
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { apply: { type: 'boolean' }, json: { type: 'boolean' }, actor: { type: 'string', default: 'cli:relink' } } });
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = { traceId: `trace_relink_${Date.now()}` as TraceId, actor: values.actor, at: deps.clock.now().toISOString(), origin: 'cli' as const };
      const result = await relinkLeads(deps, { apply: values.apply === true, trace });
      if (result.isErr()) {
        io.err(`relink failed: ${result.error._tag}${'message' in result.error ? `: ${result.error.message}` : ''}\n`);
        return EXIT.gateFailed;
      }
      const { groups, leads, applied } = result.value;
      if (values.json) {
        io.out(`${JSON.stringify({ leads, applied, groups }, null, 2)}\n`);
        return EXIT.ok;
      }
      if (groups.length > 0) io.out(table([['survivor', 'absorbed', 'keys'], ...groups.map((g) => [g.survivor, g.absorbed.join(' '), g.keys.join(' ')])]));
      io.out(
        applied
          ? `${groups.length} person(s) relinked: ${groups.reduce((n, g) => n + g.absorbed.length, 0)} lead(s) merged into their survivor (${leads} lead(s) examined)\n`
          : `${groups.length} person(s) split over several leads (${leads} lead(s) examined); dry run: nothing changed, run with --apply to merge\n`,
      );
      return EXIT.ok;
    });
  },
};
