import { resolveUnknownSend, type CardId, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/**
 * `caio reconcile resolve CARD_ID --sent|--not-sent --note TEXT [--step N] [--yes]`:
 * the operator's finding for one `unknown` send, after checking the provider. Asks for
 * confirmation (or takes `--yes`); audited with the note. `--not-sent` frees the lead
 * for another first touch, so it is never assumed.
 */
export const reconcileResolveCommand: Command = {
  name: 'reconcile resolve',
  summary: 'resolve one unknown send as sent or not sent, after checking the provider (audited)',
  usage: 'caio reconcile resolve CARD_ID --sent|--not-sent --note "what you checked" [--step N] [--yes] [--actor NAME]',
  run(args, env, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { sent: { type: 'boolean' }, 'not-sent': { type: 'boolean' }, note: { type: 'string' }, step: { type: 'string', default: '0' }, yes: { type: 'boolean' }, actor: { type: 'string' } },
    });
    const [cardId] = positionals;
    const step = Number(values.step);
    if (!cardId || positionals.length !== 1 || values.sent === values['not-sent'] || !values.note || !Number.isInteger(step) || step < 0) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    const delivered = values.sent === true;
    const note = values.note;
    return withLocalCore(env, io, async ({ deps }) => {
      const question = `Record card ${cardId} step ${step} as ${delivered ? 'SENT (the provider has it)' : 'NOT SENT (the lead may be contacted again)'}?`;
      if (!values.yes && !(await io.confirm(question))) {
        io.err('not confirmed: nothing changed (pass --yes when no terminal can answer)\n');
        return EXIT.gateFailed;
      }
      const at = deps.clock.now().toISOString();
      const actor = values.actor ?? `cli:${env.USER ?? 'operator'}`;
      const resolved = await resolveUnknownSend(deps, { cardId: cardId as CardId, step, delivered, note, trace: { traceId: `trace_resolve_${Date.parse(at)}` as TraceId, actor, at, origin: 'cli' } });
      if (resolved.isErr()) {
        const e = resolved.error;
        io.err(`not resolved: ${e._tag}${'detail' in e ? `: ${String(e.detail)}` : 'message' in e ? `: ${String(e.message)}` : ''}\n`);
        return e._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
      }
      io.out(`card ${cardId} step ${step} is now ${resolved.value.state} (audited as ${actor})\n`);
      return EXIT.ok;
    });
  },
};
