import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `@caio/app-http`'s package version; the path is the same from `src/` (tests) and `dist/`. */
const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const isCode = (name: string): boolean => /\.(?:js|mjs|ts)$/.test(name) && !name.endsWith('.d.ts');

/** Every code file under a directory, by path relative to it, in a stable order. */
const codeFiles = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && isCode(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();

/** The first 12 hex digits of a SHA-256 over every code file's path and content under `root`. */
export const codeDigest = (root: string): string => {
  const hash = createHash('sha256');
  for (const file of codeFiles(root)) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 12);
};

/**
 * A digest of the core's code as loaded (its sources under tests, its build in production):
 * the policy, its rules and everything they call live there, and the package version alone
 * does not change when they do. Null when the core is not a directory of files (bundled
 * into one file by an embedder): the version then falls back to the package version.
 */
const coreDigest = (): string | null => {
  try {
    return codeDigest(dirname(fileURLToPath(import.meta.resolve('@caio/core'))));
  } catch {
    return null;
  }
};

let memo: string | null = null;

/**
 * The version of the running code, `<app version>+<core digest>`: a replay gate result
 * counts only for the version it was recorded with, since other code may decide
 * differently, and a change to the policy that forgot a version bump is still other code.
 * Computed once per process.
 */
export const runningVersion = (): string => {
  if (memo === null) {
    const digest = coreDigest();
    memo = digest === null ? PACKAGE_VERSION : `${PACKAGE_VERSION}+${digest}`;
  }
  return memo;
};
