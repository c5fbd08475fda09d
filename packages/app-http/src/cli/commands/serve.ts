import { serve } from '../../serve.js';
import type { Command } from '../command.js';

/** `caio serve`: the app (configuration from the environment, see docs/operations.md). */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the app: API, webhooks, /sales review page and the scheduled work',
  usage: 'caio serve   (configuration from the environment)',
  run: (_args, env) => serve(env),
};
