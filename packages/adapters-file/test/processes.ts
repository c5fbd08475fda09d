import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** A child running a fixture with the built packages, its stdout lines collected. */
export const startChild = (script: string, args: readonly string[]): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } => {
  const child = spawn(process.execPath, [fixture(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
};

/** Resolves once the child printed `count` lines (or rejects after `ms`). */
export const waitForLines = async (lines: readonly string[], count: number, ms = 15_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (lines.length < count) {
    if (Date.now() > deadline) throw new Error(`child printed ${lines.length} of ${count} lines in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
};
