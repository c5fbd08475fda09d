import { holderOfToken, holderToken, type Clock, type Lease, type LeaseHolder, type LeaseInspector, type LockManager, type StoreError } from '@caio/core';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { ProcessLock } from './process-lock.js';

const leaseFile = z.object({ resource: z.string(), token: z.string().nullable(), expiresAt: z.number(), fence: z.number().int().nonnegative() }).strict();
type LeaseFile = z.infer<typeof leaseFile>;

/**
 * Leases shared by the processes of one machine: one small file per resource, rewritten
 * atomically (temp file, fsync, rename) under a cross-process lock. Each successful
 * acquire raises the resource's fence by one; release and renew compare the token.
 *
 * @category adapters
 */
export class FileLockManager implements LockManager, LeaseInspector {
  private readonly lock: ProcessLock;
  private readonly ready: Promise<unknown>;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {
    this.lock = new ProcessLock(join(dir, '.lock'));
    this.ready = mkdir(dir, { recursive: true });
    // Observed here so an unused manager whose directory vanished is no unhandled rejection; every operation still awaits (and fails on) it.
    this.ready.catch(() => undefined);
  }

  private path(resource: string): string {
    return join(this.dir, `${createHash('sha256').update(resource).digest('hex').slice(0, 32)}.json`);
  }

  private async read(resource: string): Promise<LeaseFile | null> {
    try {
      const parsed = leaseFile.safeParse(JSON.parse(await readFile(this.path(resource), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async write(file: LeaseFile): Promise<void> {
    const temp = `${this.path(file.resource)}.tmp-${process.pid}`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(file));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path(file.resource));
  }

  private guarded<T>(work: () => Promise<T>): ResultAsync<T, StoreError> {
    return ResultAsync.fromPromise(
      (async () => {
        await this.ready;
        await this.lock.acquire();
        try {
          return await work();
        } finally {
          await this.lock.release();
        }
      })(),
      (error): StoreError => ({ _tag: 'StoreUnavailable', message: (error as Error).message }),
    );
  }

  acquire(resource: string, ttlMs: number, holder?: string): ResultAsync<Lease | null, StoreError> {
    return this.guarded(async () => {
      const now = this.clock.now().getTime();
      const current = await this.read(resource);
      if (current?.token && current.expiresAt > now) return null;
      const next: LeaseFile = { resource, token: holderToken(holder, randomBytes(20).toString('hex')), expiresAt: now + ttlMs, fence: (current?.fence ?? 0) + 1 };
      await this.write(next);
      return { resource, token: next.token!, fence: { resource, token: next.fence }, expiresAt: new Date(next.expiresAt).toISOString() };
    });
  }

  renew(lease: Lease, ttlMs: number): ResultAsync<Lease | null, StoreError> {
    return this.guarded(async () => {
      const now = this.clock.now().getTime();
      const current = await this.read(lease.resource);
      if (!current || current.token !== lease.token || current.expiresAt <= now) return null;
      await this.write({ ...current, expiresAt: now + ttlMs });
      return { ...lease, expiresAt: new Date(now + ttlMs).toISOString() };
    });
  }

  inspect(resource: string): ResultAsync<LeaseHolder | null, StoreError> {
    return this.guarded(async () => {
      const current = await this.read(resource);
      if (!current?.token || current.expiresAt <= this.clock.now().getTime()) return null;
      return { holder: holderOfToken(current.token), expiresAt: new Date(current.expiresAt).toISOString() };
    });
  }

  release(lease: Lease): ResultAsync<boolean, StoreError> {
    return this.guarded(async () => {
      const current = await this.read(lease.resource);
      if (!current || current.token !== lease.token) return false;
      await this.write({ ...current, token: null, expiresAt: 0 });
      return true;
    });
  }
}
