import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';

/** `caio trace-queue --base-url U`: the pending-queue trace of a running app. */
export const traceQueueCommand: Command = {
  name: 'trace-queue',
  summary: 'print the pending-queue trace of a running app',
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
    return EXIT.ok;
  },
};
