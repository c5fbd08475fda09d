import { parseCardId, remapCard, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/** `caio card remap CARD_ID --campaign ID`: a separated card to a listed campaign, back to pending. */
export const cardRemapCommand: Command = {
  name: 'card remap',
  summary: 'give a separated card a campaign the provider lists and return it to pending',
  usage: 'caio card remap CARD_ID --campaign ID [--actor NAME]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { campaign: { type: 'string' }, actor: { type: 'string', default: 'cli' } } });
    const id = parseCardId(positionals[0] ?? '');
    if (positionals.length !== 1 || id.isErr() || !values.campaign) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = { traceId: `trace_remap_${Date.now()}` as TraceId, actor: values.actor, at: deps.clock.now().toISOString(), origin: 'cli' as const };
      const result = await remapCard(deps, { cardId: id.value, campaignId: values.campaign!, trace });
      if (result.isErr()) {
        const e = result.error;
        io.err(`not re-mapped: ${'message' in e ? e.message : e._tag === 'IllegalTransition' ? `the card is ${e.from}, not separated` : e._tag}\n`);
        return EXIT.gateFailed;
      }
      io.out(`${result.value.id} is pending again, campaign ${values.campaign}\n`);
      return EXIT.ok;
    });
  },
};
