#!/usr/bin/env node
import { serve } from './serve.js';

// `caio` with no command, or `caio serve`, runs the app.
const command = process.argv[2] ?? 'serve';
if (command !== 'serve') {
  process.stderr.write(`unknown command ${command}; usage: caio serve\n`);
  process.exit(2);
}
process.exitCode = await serve();
