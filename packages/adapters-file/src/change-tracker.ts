import type { MemoryState } from '@caio/core';

/** One record change: table, key (null for the single `controls` record and for appends), value (null = deleted). */
export type Change = readonly [table: string, key: string | null, value: unknown];

const APPEND_ONLY = new Set(['audit', 'quarantine']);

/**
 * A view of the store's state that records every write made through it. The reference
 * state machine runs over this view, so the file store journals exactly the records an
 * operation changed: cost proportional to the change, never to the store's size.
 *
 * @category adapters
 */
export const trackChanges = (state: MemoryState, changes: Change[]): MemoryState =>
  new Proxy(state, {
    get(target, table: string) {
      const value = (target as unknown as Record<string, unknown>)[table];
      if (Array.isArray(value) && APPEND_ONLY.has(table)) {
        return new Proxy(value, {
          get(array, property) {
            if (property === 'push') {
              return (...items: unknown[]) => {
                for (const item of items) changes.push([table, null, item]);
                return array.push(...items);
              };
            }
            return Reflect.get(array, property);
          },
        });
      }
      if (value !== null && typeof value === 'object' && table !== 'controls') {
        return new Proxy(value as Record<string, unknown>, {
          set(map, key: string, next) {
            map[key] = next;
            changes.push([table, key, next]);
            return true;
          },
          deleteProperty(map, key: string) {
            delete map[key];
            changes.push([table, key, null]);
            return true;
          },
        });
      }
      return value;
    },
    set(target, table: string, next) {
      (target as unknown as Record<string, unknown>)[table] = next;
      changes.push([table, null, next]);
      return true;
    },
  });

/** Applies journaled changes to a plain state (replay on open and catch-up from other processes). */
export const applyChanges = (state: MemoryState, changes: readonly Change[]): void => {
  const tables = state as unknown as Record<string, unknown>;
  for (const [table, key, value] of changes) {
    if (APPEND_ONLY.has(table)) (tables[table] as unknown[]).push(value);
    else if (key === null) tables[table] = value;
    else if (value === null) delete (tables[table] as Record<string, unknown>)[key];
    else (tables[table] as Record<string, unknown>)[key] = value;
  }
};
