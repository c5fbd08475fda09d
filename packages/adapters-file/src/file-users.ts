import { userExists, userRecordSchema, userNotFound, type StoreError, type User, type UserRefused, type Users } from '@caio/core';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { errAsync, ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { ProcessLock } from './process-lock.js';

const FILE = 'users.json';

const fileSchema = z.object({ format: z.literal(1), users: z.array(userRecordSchema) }).strict();

class CorruptUsers extends Error {}

/** A refusal travels through the locked section as a value, not an exception. */
type Outcome<T> = { readonly ok: true; readonly value: T; readonly write?: readonly User[] } | { readonly ok: false; readonly error: UserRefused };

/**
 * `Users` for the file backend: one small `users.json` in the store's directory, read
 * fresh on every call (so every process on the machine sees a change at its next
 * request) and rewritten atomically (temp file, fsync, rename) under a cross-process
 * lock. Users change a few times a month and are read once per API request, so a whole
 * file of a few hundred bytes per user is simpler than joining the journal.
 *
 * @category adapters
 */
export class FileUsers implements Users {
  private readonly path: string;
  private readonly lock: ProcessLock;
  private readonly ready: Promise<unknown>;

  constructor(private readonly dir: string) {
    this.path = join(dir, FILE);
    this.lock = new ProcessLock(join(dir, '.users.lock'));
    this.ready = mkdir(dir, { recursive: true });
  }

  private async read(): Promise<User[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CorruptUsers('is not JSON');
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) throw new CorruptUsers(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data.users;
  }

  private async write(users: readonly User[]): Promise<void> {
    const temp = `${this.path}.tmp-${process.pid}`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ format: 1, users: [...users].sort((a, b) => (a.name < b.name ? -1 : 1)) }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
  }

  private toError = (error: unknown): StoreError =>
    error instanceof CorruptUsers ? { _tag: 'StoreCorrupt', where: this.path, message: error.message } : { _tag: 'StoreUnavailable', message: (error as Error).message };

  private reading<T>(work: (users: User[]) => T): ResultAsync<T, StoreError> {
    return ResultAsync.fromPromise(this.ready.then(() => this.read()).then(work), this.toError);
  }

  // Read, decide, write under the lock: two processes never lose each other's change.
  private changing<T>(decide: (users: User[]) => Outcome<T>): ResultAsync<T, StoreError | UserRefused> {
    return ResultAsync.fromPromise(
      (async () => {
        await this.ready;
        await this.lock.acquire();
        try {
          const outcome = decide(await this.read());
          if (outcome.ok && outcome.write) await this.write(outcome.write);
          return outcome;
        } finally {
          await this.lock.release();
        }
      })(),
      this.toError,
    ).andThen((outcome) => (outcome.ok ? ResultAsync.fromSafePromise<T, StoreError | UserRefused>(Promise.resolve(outcome.value)) : errAsync(outcome.error)));
  }

  addUser(user: User): ResultAsync<User, StoreError | UserRefused> {
    return this.changing((users) => {
      if (users.some((u) => u.name === user.name)) return { ok: false, error: userExists(user.name) };
      if (users.some((u) => u.tokenSha256 === user.tokenSha256)) return { ok: false, error: userExists(user.name, 'that token is already in use; make a new one') };
      return { ok: true, value: { ...user }, write: [...users, user] };
    });
  }

  getUser(name: string): ResultAsync<User | null, StoreError> {
    return this.reading((users) => users.find((u) => u.name === name) ?? null);
  }

  findUserByTokenSha256(tokenSha256: string): ResultAsync<User | null, StoreError> {
    return this.reading((users) => users.find((u) => u.tokenSha256 === tokenSha256) ?? null);
  }

  listUsers(): ResultAsync<readonly User[], StoreError> {
    return this.reading((users) => users.sort((a, b) => (a.name < b.name ? -1 : 1)));
  }

  replaceUserToken(name: string, tokenSha256: string, at: string): ResultAsync<User, StoreError | UserRefused> {
    return this.changing((users) => {
      const user = users.find((u) => u.name === name);
      if (!user) return { ok: false, error: userNotFound(name) };
      if (users.some((u) => u.name !== name && u.tokenSha256 === tokenSha256)) return { ok: false, error: userExists(name, 'that token is already in use; make a new one') };
      const next: User = { ...user, tokenSha256, rotatedAt: at };
      return { ok: true, value: next, write: users.map((u) => (u.name === name ? next : u)) };
    });
  }

  removeUser(name: string): ResultAsync<User, StoreError | UserRefused> {
    return this.changing((users) => {
      const user = users.find((u) => u.name === name);
      if (!user) return { ok: false, error: userNotFound(name) };
      return { ok: true, value: user, write: users.filter((u) => u.name !== name) };
    });
  }
}
