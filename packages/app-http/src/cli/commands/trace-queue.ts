import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';

/**
 * `caio trace-queue --base-url U`: the pending-queue trace of a running app. Exit 1 while
 * sends are in doubt (claims still `sending` past the recovery threshold) or the store
 * blocks sends: the pre-flight is not clean until they are resolved.
 */
export const traceQueueCommand: Command = {
  name: 'trace-queue',
  summary: 'print the pending-queue trace of a running app (exit 1 while sends are in doubt or blocked)',
  usage: 'caio trace-queue --base-url URL [--json]   (token: CAIO_DASHBOARD_TOKEN)',
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { 'base-url': { type: 'string' }, json: { type: 'boolean' } } });
    const base = values['base-url'];
    const token = env.CAIO_DASHBOARD_TOKEN;
    if (!base || !token) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    const response = await fetch(new URL('/api/queue/trace', base), { headers: { 'x-dashboard-token': token } }).catch((error: Error) => error);
    if (response instanceof Error) {
      io.err(`cannot reach ${base}: ${response.message}\n`);
      return EXIT.gateFailed;
    }
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      io.err(`${base} answered ${response.status}: ${String(body.message ?? '')}\n`);
      return EXIT.gateFailed;
    }
    if (values.json) io.out(`${JSON.stringify(body, null, 2)}\n`);
    else io.out(table([['field', 'value'], ...Object.entries(body).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])]));
    const inDoubt = typeof body.in_doubt_sends === 'number' ? body.in_doubt_sends : 0;
    if (inDoubt > 0) io.err(`${inDoubt} send(s) in doubt (still sending past the recovery threshold): see caio reconcile\n`);
    if (typeof body.sends_blocked === 'string') io.err(`sends are blocked: ${body.sends_blocked}\n`);
    return inDoubt > 0 || typeof body.sends_blocked === 'string' ? EXIT.gateFailed : EXIT.ok;
  },
};
