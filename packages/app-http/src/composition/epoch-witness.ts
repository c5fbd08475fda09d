import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const stored = z.object({ prefix: z.string(), epoch: z.string().min(1), seenAt: z.string() });

/**
 * What this deployment remembers, outside Redis, about a tenant's epoch marker: the last
 * marker it saw (`STATE_DIR/redis-epoch-<prefix>.json`). Redis cannot keep this itself: a
 * flushed or replaced database forgets its own history, and an empty database looks like
 * a first deployment. With it, a restart after a loss still sees the marker missing or
 * changed, and `caio state init` refuses a prefix this deployment used before.
 *
 * @category adapters
 */
export class EpochWitness {
  readonly path: string;

  constructor(stateDir: string, private readonly prefix: string) {
    this.path = join(stateDir, `redis-epoch-${prefix}.json`);
  }

  /** The marker seen last, or null (never seen, or the file is unreadable: said on stderr). */
  read(): string | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') process.emitWarning(`cannot read the Redis epoch witness ${this.path}: ${(error as Error).message}`);
      return null;
    }
    const parsed = stored.safeParse(JSON.parse(text.trim() || 'null'));
    if (!parsed.success || parsed.data.prefix !== this.prefix) {
      process.emitWarning(`the Redis epoch witness ${this.path} is not valid; ignoring it`);
      return null;
    }
    return parsed.data.epoch;
  }

  /** Remembers `epoch` (atomically: a crash leaves the old file or the new one). */
  remember(epoch: string, at = new Date()): void {
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify({ prefix: this.prefix, epoch, seenAt: at.toISOString() })}\n`);
      renameSync(temp, this.path);
    } catch (error) {
      // Not fatal: Redis still blocks within this process; only the memory across restarts is lost.
      process.emitWarning(`cannot remember the Redis epoch marker in ${this.path}: ${(error as Error).message}`);
    }
  }
}
