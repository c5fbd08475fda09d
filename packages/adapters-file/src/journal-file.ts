import { open } from 'node:fs/promises';

/**
 * The journal as the file store appends to it. A seam: tests wrap it to count, hold open
 * or fail the fsyncs (`FileStateStoreOptions.openJournal`).
 *
 * @category adapters
 */
export interface JournalFile {
  /** Appends the whole text at the end of the file. */
  append(text: string): Promise<void>;
  /** Makes what was appended durable (fdatasync). */
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating if needed) a journal for appending. @category adapters */
export type OpenJournal = (path: string) => Promise<JournalFile>;

/** The real journal: a file opened in append mode. @category adapters */
export const openJournalFile: OpenJournal = async (path) => {
  const handle = await open(path, 'a', 0o600);
  return {
    append: (text) => handle.appendFile(text),
    datasync: () => handle.datasync(),
    close: () => handle.close(),
  };
};
