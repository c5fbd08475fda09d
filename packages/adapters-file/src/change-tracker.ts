import type { MemoryState } from '@caio/core';

/**
 * One record change: table, key (null for the single `controls` record and for appends),
 * value (null = deleted). On an append-only table the key `DROP_HEAD` means "remove the
 * first `value` entries" (audit archival), and `REPLACE_ALL` "the table is `value`" (erasure).
 */
export type Change = readonly [table: string, key: string | null, value: unknown];

const APPEND_ONLY = new Set(['audit', 'quarantine']);
export const DROP_HEAD = '#drop-head';
/** On an append-only table: "the table is now exactly `value`" (an erasure rewrote it). */
export const REPLACE_ALL = '#replace-all';

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
            if (property === 'splice') {
              // Only removal at the head is journaled; anything else would be lost on replay.
              return (start: number, count: number, ...items: unknown[]) => {
                if (start !== 0 || items.length > 0 || !Number.isInteger(count) || count < 0) throw new Error(`append-only table ${table}: only splice(0, n) is supported`);
                const removed = array.splice(0, count);
                if (removed.length > 0) changes.push([table, DROP_HEAD, removed.length]);
                return removed;
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
      changes.push([table, APPEND_ONLY.has(table) ? REPLACE_ALL : null, next]);
      return true;
    },
  });

/** Applies journaled changes to a plain state (replay on open and catch-up from other processes). */
export const applyChanges = (state: MemoryState, changes: readonly Change[]): void => {
  const tables = state as unknown as Record<string, unknown>;
  for (const [table, key, value] of changes) {
    if (APPEND_ONLY.has(table) && key === DROP_HEAD) (tables[table] as unknown[]).splice(0, value as number);
    else if (APPEND_ONLY.has(table) && key === REPLACE_ALL) tables[table] = [...(value as unknown[])];
    else if (APPEND_ONLY.has(table)) (tables[table] as unknown[]).push(value);
    else if (key === null) tables[table] = value;
    else if (value === null) delete (tables[table] as Record<string, unknown>)[key];
    else (tables[table] as Record<string, unknown>)[key] = value;
  }
};
