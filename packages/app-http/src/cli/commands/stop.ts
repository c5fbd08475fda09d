import { setEmergencyStop, type EmergencyStop } from '@caio/core';
import { parseArgs } from 'node:util';
import { cliActor, cliTraceFor } from '../cli-trace.js';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

const describe = (stop: EmergencyStop): string =>
  stop.engaged ? `emergency stop ENGAGED by ${stop.by ?? '?'} at ${stop.at ?? '?'}: ${stop.reason ?? ''}\n` : `emergency stop released${stop.by ? ` (last changed by ${stop.by} at ${stop.at ?? '?'}: ${stop.reason ?? ''})` : ''}\n`;

/**
 * `caio stop engage --reason TEXT [--actor NAME]`: engages the emergency stop directly in
 * the state store (file or Redis), with no HTTP app running and no dashboard token: the
 * way to stop sends when the API is unreachable or refusing. Audited as `cli:<user>`.
 * Releasing stays on the guarded API route (and its audit), as before.
 */
export const stopEngageCommand: Command = {
  name: 'stop engage',
  summary: 'engage the emergency stop directly in the state store (no HTTP app needed; audited)',
  usage: 'caio stop engage --reason "why" [--actor NAME] [--json]',
  run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { reason: { type: 'string' }, actor: { type: 'string' }, json: { type: 'boolean' } } });
    if (!values.reason) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    const reason = values.reason;
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = cliTraceFor(deps, 'stop_engage', cliActor(values.actor, env));
      const engaged = await setEmergencyStop(deps, { engaged: true, reason, trace });
      if (engaged.isErr()) {
        const e = engaged.error;
        io.err(`the stop was NOT engaged: ${e._tag}${'message' in e ? `: ${e.message}` : 'reason' in e ? `: ${e.reason}` : ''}\n`);
        return e._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
      }
      io.out(values.json ? `${JSON.stringify({ emergency_stop: engaged.value.emergencyStop })}\n` : describe(engaged.value.emergencyStop));
      return EXIT.ok;
    });
  },
};

/** `caio stop status [--json]`: the emergency stop as the state store holds it. */
export const stopStatusCommand: Command = {
  name: 'stop status',
  summary: 'show the emergency stop as the state store holds it (no HTTP app needed)',
  usage: 'caio stop status [--json]',
  run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } } });
    return withLocalCore(env, io, async ({ deps }) => {
      const controls = await deps.store.getControls();
      if (controls.isErr()) {
        io.err(`cannot read the controls: ${controls.error._tag}\n`);
        return EXIT.gateFailed;
      }
      io.out(values.json ? `${JSON.stringify({ emergency_stop: controls.value.emergencyStop, mode: controls.value.mode })}\n` : describe(controls.value.emergencyStop));
      return EXIT.ok;
    });
  },
};
