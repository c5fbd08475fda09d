import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { holderStillRuns, selfIdentity, type ProcessIdentity } from './process-identity.js';

interface Holder extends ProcessIdentity {
  readonly token: string;
}

/** How long an unreadable lock file may exist before it counts as abandoned. */
const UNREADABLE_GRACE_MS = 2_000;

const readHolder = async (path: string): Promise<Holder | null> => {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.token !== 'string') return null;
    return {
      pid: parsed.pid,
      token: parsed.token,
      ...(typeof parsed.startTicks === 'number' ? { startTicks: parsed.startTicks } : {}),
      ...(typeof parsed.bootId === 'string' ? { bootId: parsed.bootId } : {}),
    };
  } catch {
    return null;
  }
};

/**
 * A mutual-exclusion lock between processes on one machine: a lock file created with
 * O_EXCL holding the owner's identity (pid, process start time, boot id) and a random
 * token. A lock whose owner process is gone, even when its pid now names another process
 * (pids are reused across container restarts), is broken by renaming it aside (atomic) and checking it was the dead owner's; a live
 * lock renamed by mistake is linked back (link never overwrites).
 *
 * @category adapters
 */
export class ProcessLock {
  private held: string | null = null;
  private readonly self = selfIdentity();

  constructor(
    private readonly path: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async acquire(): Promise<void> {
    const token = randomBytes(12).toString('hex');
    const started = Date.now();
    let wait = 1;
    for (;;) {
      try {
        const handle = await open(this.path, 'wx', 0o600);
        await handle.writeFile(JSON.stringify({ ...this.self, token }));
        await handle.close();
        this.held = token;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(this.path);
      if (holder && !holderStillRuns(holder, await this.writtenAtMs())) await this.breakStale(holder);
      // A holder killed between creating the file and writing its pid leaves it empty.
      else if (!holder && (await this.ageMs()) > UNREADABLE_GRACE_MS) await this.breakStale({ pid: -1, token: '' });
      if (Date.now() - started > this.timeoutMs) throw new Error(`timed out after ${this.timeoutMs} ms waiting for the store lock ${this.path}`);
      await sleep(wait);
      wait = Math.min(wait * 2, 20);
    }
  }

  private async writtenAtMs(): Promise<number | null> {
    try {
      return (await stat(this.path)).mtimeMs;
    } catch {
      return null;
    }
  }

  private async ageMs(): Promise<number> {
    try {
      return Date.now() - (await stat(this.path)).mtimeMs;
    } catch {
      return 0;
    }
  }

  private async breakStale(stale: Holder): Promise<void> {
    const aside = `${this.path}.broken-${randomBytes(6).toString('hex')}`;
    try {
      await rename(this.path, aside);
    } catch {
      return; // someone else broke it first
    }
    const moved = await readHolder(aside);
    if (moved ? moved.token !== stale.token : stale.token !== '') {
      // We moved a live lock: put it back unless a new one already exists.
      await link(aside, this.path).catch(() => undefined);
    }
    await unlink(aside).catch(() => undefined);
  }

  async release(): Promise<void> {
    const token = this.held;
    this.held = null;
    if (!token) return;
    const holder = await readHolder(this.path);
    if (holder?.token === token) await unlink(this.path).catch(() => undefined);
  }
}
