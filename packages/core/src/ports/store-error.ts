/**
 * Expected failures of a state store.
 * - `StoreUnavailable`: the store could not be reached; nothing was written.
 * - `StoreTimeout`: the command may or may not have been applied. Callers on the send
 *   path treat it as an unknown outcome and never retry blindly.
 * - `StoreCorrupt`: stored data failed validation; `where` names the file/key and offset.
 * - `StoreBlocked`: sends are blocked until an operator acts (e.g. a Redis epoch marker
 *   vanished, meaning the data was flushed or lost).
 *
 * @category errors
 */
export type StoreError =
  | { readonly _tag: 'StoreUnavailable'; readonly message: string }
  | { readonly _tag: 'StoreTimeout'; readonly message: string }
  | { readonly _tag: 'StoreCorrupt'; readonly where: string; readonly message: string }
  | { readonly _tag: 'StoreBlocked'; readonly reason: string };

/** A compare-and-set lost: someone else changed the record first. @category errors */
export interface VersionConflict {
  readonly _tag: 'VersionConflict';
  readonly entity: 'lead' | 'card' | 'batch' | 'controls';
  readonly id: string;
  readonly expected: number | null;
  readonly actual: number | null;
}

export const storeUnavailable = (message: string): StoreError => ({ _tag: 'StoreUnavailable', message });
