import { readFileSync } from 'node:fs';

/**
 * The version of `@caio/app-http`, from its package.json (two levels up from both
 * `src/cli/` and `dist/cli/`), read when asked: `caio --version`.
 */
export const appVersion = (): string => {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
};
