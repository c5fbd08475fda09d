import { CHANNELS, setPause, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/** `caio pause --channel C | --campaign ID [--resume] --reason TEXT`: pause or resume one channel's or campaign's sends. */
export const pauseCommand: Command = {
  name: 'pause',
  summary: 'pause (or --resume) the sends of one channel or campaign; honoured inside the send claim',
  usage: `caio pause (--channel ${CHANNELS.join('|')} | --campaign ID) [--resume] --reason TEXT [--actor NAME]`,
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { channel: { type: 'string' }, campaign: { type: 'string' }, resume: { type: 'boolean' }, reason: { type: 'string' }, actor: { type: 'string', default: 'cli' } } });
    const channel = CHANNELS.find((c) => c === values.channel);
    if ((values.channel !== undefined) === (values.campaign !== undefined) || (values.channel !== undefined && !channel) || !values.reason) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = { traceId: `trace_pause_${Date.now()}` as TraceId, actor: values.actor, at: deps.clock.now().toISOString(), origin: 'cli' as const };
      const target = channel ? { channel } : { campaignId: values.campaign! };
      const result = await setPause(deps, { target, paused: !values.resume, reason: values.reason!, trace });
      if (result.isErr()) {
        io.err(`not changed: ${'message' in result.error ? result.error.message : result.error._tag}\n`);
        return result.error._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
      }
      const c = result.value;
      io.out(`${channel ?? values.campaign} ${values.resume ? 'resumed' : 'paused'}; paused channels: ${(c.pausedChannels ?? []).join(', ') || 'none'}; paused campaigns: ${(c.pausedCampaigns ?? []).join(', ') || 'none'}\n`);
      return EXIT.ok;
    });
  },
};
