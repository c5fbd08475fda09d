import type { StoreError } from '@caio/core';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { z } from 'zod';
import { ProcessLock } from './process-lock.js';

class CorruptFile extends Error {}

/** What a change decided: the value to answer and what to write, or a refusal to answer as is. */
export type Decision<T, R, E> = { readonly ok: true; readonly value: R; readonly write?: T } | { readonly ok: false; readonly error: E };

/**
 * One small JSON document (`{"format":1,"data":…}`) in a directory, read fresh on every
 * call, so every process on the machine sees a change at its next call, and rewritten
 * atomically (temp file, fsync, rename) under a cross-process lock: read, decide, write,
 * so two processes never lose each other's change. For records that change rarely and
 * stay small (users, quarantine decisions); the journal is for everything else.
 *
 * @category adapters
 */
export class LockedJsonFile<T> {
  private readonly path: string;
  private readonly lock: ProcessLock;
  private readonly ready: Promise<unknown>;

  constructor(
    dir: string,
    name: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
  ) {
    this.path = join(dir, `${name}.json`);
    this.lock = new ProcessLock(join(dir, `.${name}.lock`));
    this.ready = mkdir(dir, { recursive: true });
    // Observed here so an unused file whose directory vanished is no unhandled rejection; every operation still awaits (and fails on) it.
    this.ready.catch(() => undefined);
  }

  private async load(): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.empty();
      throw error;
    }
    let json: { format?: unknown; data?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new CorruptFile('is not JSON');
    }
    if (json?.format !== 1) throw new CorruptFile('has no format 1 marker');
    const parsed = this.schema.safeParse(json.data);
    if (!parsed.success) throw new CorruptFile(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data;
  }

  private async save(data: T): Promise<void> {
    const temp = `${this.path}.tmp-${process.pid}`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ format: 1, data }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
  }

  private toError = (error: unknown): StoreError =>
    error instanceof CorruptFile ? { _tag: 'StoreCorrupt', where: this.path, message: `${this.path} ${error.message}` } : { _tag: 'StoreUnavailable', message: (error as Error).message };

  read(): ResultAsync<T, StoreError> {
    return ResultAsync.fromPromise(this.ready.then(() => this.load()), this.toError);
  }

  update<R, E>(decide: (current: T) => Decision<T, R, E>): ResultAsync<R, StoreError | E> {
    return ResultAsync.fromPromise(
      (async () => {
        await this.ready;
        await this.lock.acquire();
        try {
          const decision = decide(await this.load());
          if (decision.ok && decision.write !== undefined) await this.save(decision.write);
          return decision;
        } finally {
          await this.lock.release();
        }
      })(),
      this.toError,
    ).andThen((decision) => (decision.ok ? okAsync<R, StoreError | E>(decision.value) : errAsync<R, StoreError | E>(decision.error)));
  }
}
