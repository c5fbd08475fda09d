import { createInterface } from 'node:readline/promises';

/** Where a command writes, and how it asks the operator to confirm; tests capture both. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Asks a yes/no question; false when nobody can answer (stdin is not a terminal). */
  confirm(question: string): Promise<boolean>;
  /** Asks for a line of text; null when nobody can answer (no terminal, or not supported). */
  ask?(question: string): Promise<string | null>;
}

const askTerminal = async (question: string): Promise<boolean> => {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
};

const askLine = async (question: string): Promise<string | null> => {
  if (!process.stdin.isTTY) return null;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`${question} `)).trim();
  } finally {
    rl.close();
  }
};

export const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), confirm: askTerminal, ask: askLine };

/** One `caio` command: its usage, and a run that returns the process exit code. @category adapters */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], env: Readonly<Record<string, string | undefined>>, io: Io): Promise<number>;
}

export { EXIT } from './exit-codes.js';

/** Renders rows as an aligned text table. */
export const table = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return `${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n')}\n`;
};
