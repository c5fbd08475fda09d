#!/usr/bin/env node
import { processIo } from './cli/command.js';
import { dispatch } from './cli/dispatch.js';
import { COMMANDS } from './cli/registry.js';

// `caio` with no command runs the app, as `caio serve` does.
process.exitCode = await dispatch(COMMANDS, process.argv.slice(2), process.env, processIo);
