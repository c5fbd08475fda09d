import type { StoreError } from '@caio/core';

/** Damage the file store refuses to run on: `where` names the file and the byte offset. */
export class CorruptStore extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a failed file store operation answers: `StoreCorrupt` for damage, `StoreUnavailable` for any other failure. */
export const toStoreError = (error: unknown): StoreError => {
  if (error instanceof CorruptStore) return { _tag: 'StoreCorrupt', where: error.where, message: error.message };
  const e = error as NodeJS.ErrnoException;
  return { _tag: 'StoreUnavailable', message: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}` };
};
