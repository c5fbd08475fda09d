import { okAsync, type ResultAsync } from 'neverthrow';
import type { Page } from '../../ports/state-store.js';
import type { StoreError } from '../../ports/store-error.js';

/** Size of each page when a report follows a listing to its end. */
export const REPORT_PAGE_SIZE = 1000;

/** Follows a paged listing to the end: `list(after)` reads one page after a cursor. */
export const collectPages = <T>(list: (after: string | undefined) => ResultAsync<Page<T>, StoreError>): ResultAsync<readonly T[], StoreError> => {
  const collect = (after: string | undefined, acc: T[]): ResultAsync<T[], StoreError> =>
    list(after).andThen((page) => {
      acc.push(...page.items);
      return page.next ? collect(page.next, acc) : okAsync(acc);
    });
  return collect(undefined, []);
};
