import type { Page } from '../ports/state-store.js';
import { searchSorted } from './sorted-facet-index.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const pageSize = (limit: number | undefined): number => Math.max(1, Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));

/**
 * Pages a list already sorted by `idOf` ascending: items strictly after the cursor,
 * at most `limit`, and a `next` cursor when more remain. Every adapter pages this way.
 *
 * @category adapters
 */
export const pageById = <T>(sorted: readonly T[], idOf: (t: T) => string, limit = DEFAULT_PAGE_SIZE, after?: string): Page<T> => {
  const size = pageSize(limit);
  const start = after === undefined ? 0 : sorted.findIndex((t) => idOf(t) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, size);
  const last = items.at(-1);
  return rest.length > size && last ? { items, next: idOf(last) } : { items };
};

/**
 * The same page read from a sorted list of ids (an index): finds the cursor by binary
 * search and loads only the records it returns (and one more, to know whether more
 * remain), skipping those `keep` refuses. Cost follows the page, not the list.
 *
 * @category adapters
 */
export const pageSorted = <T>(
  ids: readonly string[],
  load: (id: string) => T | undefined,
  limit?: number,
  after?: string,
  keep: (record: T | undefined) => record is T = (record): record is T => record !== undefined,
): Page<T> => {
  const size = pageSize(limit);
  const items: T[] = [];
  let last = '';
  for (let i = after === undefined ? 0 : searchSorted(ids, after, true); i < ids.length; i++) {
    const id = ids[i] as string;
    const record = load(id);
    if (!keep(record)) continue;
    if (items.length === size) return { items, next: last };
    items.push(record);
    last = id;
  }
  return { items };
};
