import { WEBHOOK_PROVIDERS, type DomainEvent, type QuarantinedDelivery, type WebhookProvider } from '@caio/core';
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseStoredEvent } from './stored-event.js';

/** A webhook delivery the store could not take, kept until it can. @category model */
export type SpoolEntry =
  | { readonly kind: 'events'; readonly provider: WebhookProvider; readonly traceId: string; readonly receivedAt: string; readonly events: readonly DomainEvent[] }
  | { readonly kind: 'quarantine'; readonly provider: WebhookProvider; readonly traceId: string; readonly receivedAt: string; readonly delivery: QuarantinedDelivery };

const base = { provider: z.enum(WEBHOOK_PROVIDERS), traceId: z.string(), receivedAt: z.string() };
// The spool is our own file, but a file on disk is untrusted input all the same.
const stored = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('events'), ...base, events: z.array(z.unknown()) }),
  z.object({ kind: z.literal('quarantine'), ...base, delivery: z.object({ id: z.string(), provider: z.enum(WEBHOOK_PROVIDERS), receivedAt: z.string(), reason: z.string(), body: z.string() }) }),
]);

const parseEntry = (text: string): SpoolEntry | null => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = stored.safeParse(json);
  if (!parsed.success) return null;
  if (parsed.data.kind === 'quarantine') return parsed.data;
  const events = parsed.data.events.map(parseStoredEvent);
  return events.every((e): e is DomainEvent => e !== null) ? { ...parsed.data, events } : null;
};

export interface SpoolStatus {
  readonly pending: number;
  readonly oldest: string | null;
  readonly capacity: number;
  /** Entries moved aside (`unreadable/`): unparseable, or refused by the store for good; an operator looks at them. */
  readonly unreadable: number;
}

/** What became of one replayed entry: in the store, still waiting for it, or refused for good. */
export type ReplayVerdict = 'taken' | 'wait' | 'reject';

/**
 * A local durable spool for webhook deliveries that were acknowledged but could not be
 * recorded in the store (it was down): RB2B never retries, so what it sent must survive
 * until the store is back. One file per delivery, written to a temporary name, fsynced,
 * renamed and the directory fsynced before the caller answers 200. Bounded: past
 * `capacity` entries it refuses (the caller logs the loss). `replay` feeds the entries
 * to the store oldest first and deletes each only once the store took it; an entry that
 * cannot be read is moved aside to `unreadable/`, never deleted.
 *
 * @category adapters
 */
export class WebhookSpool {
  private readonly unreadableDir: string;

  constructor(
    readonly dir: string,
    readonly capacity = 10_000,
  ) {
    this.unreadableDir = join(dir, 'unreadable');
  }

  private names(): string[] {
    try {
      return readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Writes one entry durably; an error text when it could not (full, or the disk refused). */
  write(entry: SpoolEntry): string | null {
    try {
      if (this.names().length >= this.capacity) return `the webhook spool is full (${this.capacity} entries in ${this.dir})`;
      mkdirSync(this.dir, { recursive: true });
      // Sortable by time, unique across processes sharing the directory.
      const name = `${entry.receivedAt.replace(/[:.]/g, '-')}-${randomUUID()}.json`;
      const temp = join(this.dir, `.${name}.tmp`);
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(entry));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, join(this.dir, name));
      const dirFd = openSync(this.dir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
      return null;
    } catch (error) {
      return `the webhook spool could not be written: ${(error as Error).message}`;
    }
  }

  status(): SpoolStatus {
    const names = this.names();
    let unreadable = 0;
    try {
      unreadable = readdirSync(this.unreadableDir).length;
    } catch {
      // none moved aside yet
    }
    const oldest = names[0] ? this.read(names[0])?.receivedAt ?? null : null;
    return { pending: names.length, oldest, capacity: this.capacity, unreadable };
  }

  private read(name: string): SpoolEntry | null {
    try {
      return parseEntry(readFileSync(join(this.dir, name), 'utf8'));
    } catch {
      return null;
    }
  }

  /**
   * Hands every entry, oldest first, to `apply`: one it took is deleted; one it refuses
   * for good is moved aside (never deleted, never blocking the rest); at the first one
   * that must wait (the store is still down) it stops, so the order is kept.
   */
  async replay(apply: (entry: SpoolEntry) => Promise<ReplayVerdict>): Promise<{ readonly replayed: number; readonly left: number; readonly setAside: number }> {
    let replayed = 0;
    let setAside = 0;
    const moveAside = (name: string) => {
      mkdirSync(this.unreadableDir, { recursive: true });
      renameSync(join(this.dir, name), join(this.unreadableDir, name));
      setAside++;
    };
    for (const name of this.names()) {
      const entry = this.read(name);
      const verdict = entry ? await apply(entry) : 'reject';
      if (verdict === 'wait') break;
      if (verdict === 'reject') moveAside(name);
      else {
        unlinkSync(join(this.dir, name));
        replayed++;
      }
    }
    return { replayed, left: this.names().length, setAside };
  }
}
