import type { AuditLog, IdGenerator, Logger } from '@caio/core';
import { slackBody, type Notification } from './notification.js';

export interface DeliveryOptions {
  readonly url: string;
  /** Tries per notification (first try included). */
  readonly attempts: number;
  /** Delay before the first retry; doubled each retry, at most 60 s. */
  readonly baseDelayMs: number;
  readonly timeoutMs: number;
  /** Notifications waiting at most; more are dropped (and logged) rather than held in memory without end. */
  readonly maxQueued: number;
}

export const DEFAULT_DELIVERY: Omit<DeliveryOptions, 'url'> = { attempts: 6, baseDelayMs: 1_000, timeoutMs: 5_000, maxQueued: 1_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Posts notifications to the webhook in the background, one at a time, never awaited by
 * whoever enqueued them: a slow or dead endpoint delays nothing but the notifications.
 * Each POST carries `Idempotency-Key: <notification key>`; a 2xx is a delivery, anything
 * else (or no answer within the timeout) is retried with backoff. A delivered
 * notification is audited as `notify.sent` with its key, which is how every instance
 * knows it is done; one that exhausted its tries is logged and audited `notify.failed`.
 */
export class NotificationDelivery {
  private readonly queue: Notification[] = [];
  private readonly queuedKeys = new Set<string>();
  private worker: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly options: DeliveryOptions,
    private readonly deps: { readonly store: AuditLog; readonly ids: IdGenerator; readonly logger: Logger; readonly now: () => Date },
  ) {}

  /** Keys queued or being posted (not delivered yet). */
  pendingKeys(): ReadonlySet<string> {
    return this.queuedKeys;
  }

  enqueue(notification: Notification): void {
    if (this.stopped || this.queuedKeys.has(notification.key)) return;
    if (this.queue.length >= this.options.maxQueued) {
      this.deps.logger.warn('notification dropped: queue full', { key: notification.key, kind: notification.kind });
      return;
    }
    this.queue.push(notification);
    this.queuedKeys.add(notification.key);
    this.worker ??= this.drain().finally(() => (this.worker = null));
  }

  /** Stops taking notifications and waits for the one being posted (at most its timeout per try). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await this.worker;
  }

  /** Resolves when the queue is empty (tests). */
  async idle(): Promise<void> {
    while (this.worker) await this.worker;
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) {
      await this.deliver(next);
      this.queuedKeys.delete(next.key);
    }
  }

  private async deliver(n: Notification): Promise<void> {
    let last = '';
    for (let attempt = 1; attempt <= this.options.attempts && !this.stopped; attempt++) {
      if (attempt > 1) await sleep(Math.min(this.options.baseDelayMs * 2 ** (attempt - 2), 60_000));
      try {
        const response = await fetch(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': n.key },
          body: JSON.stringify(slackBody(n)),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return this.record('notify.sent', n, { attempts: attempt });
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
    }
    this.deps.logger.warn('notification not delivered', { key: n.key, kind: n.kind, reason: last });
    await this.record('notify.failed', n, { reason: last });
  }

  private async record(action: 'notify.sent' | 'notify.failed', n: Notification, detail: Record<string, unknown>): Promise<void> {
    const at = this.deps.now().toISOString();
    const written = await this.deps.store.appendAudit({ id: this.deps.ids.next('audit'), trace: { traceId: `trace_notify_${n.key}` as never, actor: 'system:notifier', at, origin: 'scheduler' }, action, detail: { key: n.key, kind: n.kind, ...detail } });
    if (written.isErr()) this.deps.logger.warn('notification outcome not audited', { key: n.key, error: written.error._tag });
  }
}
