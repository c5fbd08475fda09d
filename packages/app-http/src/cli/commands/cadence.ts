import { DEFAULT_QUALITY_CONFIG, tickCadence, type CadenceTick, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command, type Io } from '../command.js';
import { withLocalCore } from '../local-core.js';

const printPlan = (io: Io, tick: CadenceTick): void => {
  const { due, held } = tick.plan;
  if (due.length) io.out(table([['lead', 'after card', 'step', 'channel', 'campaign', 'due at'], ...due.map((d) => [d.leadId, d.previousCardId, String(d.step), d.channel, d.campaignId ?? '-', d.dueAt])]));
  if (held.length) io.out(table([['after card', 'step', 'held because'], ...held.map((h) => [h.previousCardId, String(h.step), h.reason])]));
};

const runCadence = (dryRun: boolean, env: Readonly<Record<string, string | undefined>>, io: Io): Promise<number> =>
  withLocalCore(env, io, async ({ deps, config, crafter }) => {
    if (config.cadences.length === 0) {
      io.err('no cadences are configured: set CADENCES, e.g. CADENCES="instantly:cmp-q4=3,7;ghl_email=4" (docs/cli.md)\n');
      return EXIT.usage;
    }
    const at = deps.clock.now().toISOString();
    const trace = { traceId: `trace_cadence_${Date.parse(at)}` as TraceId, actor: 'cli:cadence', at, origin: 'cli' as const };
    const tick = await tickCadence(deps, { crafter, quality: DEFAULT_QUALITY_CONFIG }, { cadences: config.cadences, dryRun, trace });
    if (tick.isErr()) {
      io.err(`cadence ${dryRun ? 'plan' : 'tick'} failed: ${tick.error._tag}${'message' in tick.error ? ` (${String(tick.error.message)})` : ''}\n`);
      return EXIT.gateFailed;
    }
    printPlan(io, tick.value);
    const { due, held } = tick.value.plan;
    io.out(
      dryRun
        ? `${due.length} follow-up(s) due, ${held.length} held (dry run: nothing written)\n`
        : `${tick.value.created.length} follow-up card(s) queued for review, ${held.length} held\n`,
    );
    return EXIT.ok;
  });

/** `caio cadence --dry-run`: the due follow-ups and why others wait; changes nothing. */
export const cadencePlanCommand: Command = {
  name: 'cadence',
  summary: 'plan due follow-up steps (always a dry run: the store is left unchanged)',
  usage: 'caio cadence --dry-run',
  run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { 'dry-run': { type: 'boolean' } } });
    if (!values['dry-run']) {
      io.err(`usage: ${this.usage}   (to queue the follow-ups: caio cadence tick)\n`);
      return Promise.resolve(EXIT.usage);
    }
    return runCadence(true, env, io);
  },
};

/** `caio cadence tick [--dry-run]`: crafts due follow-ups into pending cards for review. */
export const cadenceTickCommand: Command = {
  name: 'cadence tick',
  summary: 'queue due follow-up steps as pending cards (each still goes through review)',
  usage: 'caio cadence tick [--dry-run]',
  run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { 'dry-run': { type: 'boolean' } } });
    return runCadence(values['dry-run'] === true, env, io);
  },
};
