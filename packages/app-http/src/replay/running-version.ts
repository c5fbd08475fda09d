import { readFileSync } from 'node:fs';

/**
 * The version of the running app (`@caio/app-http`'s package.json): a replay gate result
 * counts only for the version it was recorded with, since a new version may decide
 * differently. Read once; the path is the same from `src/` (tests) and `dist/`.
 */
export const RUNNING_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
