import { fileURLToPath } from 'node:url';

/**
 * The replay corpus shipped with the package (`replay-cases/` next to `src` and `dist`):
 * resolved from this module's own location, so it is found from the sources, from the
 * build and from a global install alike, whatever the working directory.
 */
export const DEFAULT_REPLAY_CASES_DIR = fileURLToPath(new URL('../../replay-cases/', import.meta.url));
