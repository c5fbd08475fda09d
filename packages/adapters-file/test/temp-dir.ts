import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir, and its removal. */
export const tempDir = (prefix = 'caio-file-store-'): { path: string; remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/** For a test file: `fresh()` makes a directory that is removed after the test that made it. */
export const tempDirsPerTest = (): (() => string) => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });
  return () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir.path;
  };
};
