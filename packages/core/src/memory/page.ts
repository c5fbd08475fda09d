import type { Page } from '../ports/state-store.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/**
 * Pages a list already sorted by `idOf` ascending: items strictly after the cursor,
 * at most `limit`, and a `next` cursor when more remain. Every adapter pages this way.
 *
 * @category adapters
 */
export const pageById = <T>(sorted: readonly T[], idOf: (t: T) => string, limit = DEFAULT_PAGE_SIZE, after?: string): Page<T> => {
  const size = Math.max(1, Math.min(limit, MAX_PAGE_SIZE));
  const start = after === undefined ? 0 : sorted.findIndex((t) => idOf(t) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, size);
  const last = items.at(-1);
  return rest.length > size && last ? { items, next: idOf(last) } : { items };
};
