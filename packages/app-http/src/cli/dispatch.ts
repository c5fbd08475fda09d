import { EXIT, type Command, type Io } from './command.js';
import { EXIT_CODE_TABLE } from './exit-codes.js';
import { appVersion } from './version.js';

const HELP_FLAGS = new Set(['--help', '-h', 'help']);
const VERSION_FLAGS = new Set(['--version', '-v', 'version']);

/** The top-level help: every command with its summary, and the exit-code convention. */
export const helpText = (commands: readonly Command[]): string => {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'caio: CAIO outbound core, operated from the command line.',
    '',
    'Usage: caio <command> [options]      caio <command> --help      caio --version',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes (every command, serve included):',
    ...EXIT_CODE_TABLE.map(([code, meaning]) => `  ${code}  ${meaning}`),
    '',
    'Configuration comes from the environment, as for `caio serve` (docs/operations.md); docs/cli.md describes every command.',
    '',
  ].join('\n');
};

/**
 * Finds the command named by the longest matching prefix of `argv` (commands may have
 * two words, such as `pipeline run`), prints help on request, and runs it. Unknown
 * commands and options are usage errors (exit 2), never a silent no-op.
 */
export const dispatch = async (commands: readonly Command[], argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: Io): Promise<number> => {
  const [first] = argv;
  if (first === undefined) return commands[0]!.run([], env, io);
  if (VERSION_FLAGS.has(first)) {
    io.out(`caio ${appVersion()}\n`);
    return EXIT.ok;
  }
  if (HELP_FLAGS.has(first)) {
    io.out(helpText(commands));
    return EXIT.ok;
  }
  const byLength = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const command = byLength.find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (!command) {
    io.err(`unknown command: ${argv.slice(0, 2).join(' ')}\n\n${helpText(commands)}`);
    return EXIT.usage;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.some((a) => a === '--help' || a === '-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, env, io);
  } catch (error) {
    // parseArgs throws on unknown or malformed options: that is a usage error, not a crash.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}\n\nUsage: ${command.usage}\n`);
      return EXIT.usage;
    }
    throw error;
  }
};
