import type { Clock, Lease, LockManager, Logger, WebhookProvider } from '@caio/core';
import { hostname } from 'node:os';
import type { ProviderAuthView } from '../composition/app-services.js';
import { collectNotifications, type NotifyStore } from './collect-notifications.js';
import type { NotificationDelivery } from './notification-delivery.js';

export interface WatcherOptions {
  readonly intervalMs: number;
  readonly approvalSlaMinutes: number;
  /** Webhook authentication failures per provider within one interval that are announced. */
  readonly authFailureThreshold: number;
  /** Events this long before the watcher started are still announced (a restart loses none). */
  readonly lookbackMs: number;
}

/**
 * Looks for what operators must hear about, every interval, and hands it to the delivery
 * (never waiting for it). The store-wide events are collected by one instance at a time
 * (a lease, like scheduled work); webhook authentication failures are counted by each
 * instance, which receives them, and announced when one interval's count reaches the
 * threshold.
 */
export class NotificationWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly since: string;
  private lastRejected: Partial<Record<WebhookProvider, number>>;
  private readonly instance = `${hostname()}:${process.pid}`;
  private lease: Lease | null = null;

  constructor(
    private readonly deps: { readonly store: NotifyStore; readonly clock: Clock; readonly locks?: LockManager | undefined; readonly logger: Logger },
    private readonly authStatus: () => Readonly<Record<WebhookProvider, ProviderAuthView>>,
    private readonly delivery: NotificationDelivery,
    private readonly options: WatcherOptions,
  ) {
    this.since = new Date(deps.clock.now().getTime() - options.lookbackMs).toISOString();
    this.lastRejected = this.rejectedCounts();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    if (this.lease) await this.deps.locks?.release(this.lease);
    await this.delivery.stop();
  }

  /** One look: enqueue what is due. Resolves without waiting for any delivery. */
  tick(): Promise<void> {
    this.running ??= this.look().finally(() => (this.running = null));
    return this.running;
  }

  private async look(): Promise<void> {
    const now = this.deps.clock.now();
    this.checkAuthFailures(now);
    if (!(await this.holdLease())) return;
    const due = await collectNotifications(this.deps.store, { since: this.since, now, approvalSlaMinutes: this.options.approvalSlaMinutes, pending: this.delivery.pendingKeys() });
    if (due.isErr()) return this.deps.logger.warn('notifications not collected', { error: due.error._tag });
    for (const n of due.value) this.delivery.enqueue(n);
  }

  /**
   * One instance collects: it keeps the lease (renewed each look, for two intervals) while
   * it runs; another takes it over when it stops renewing.
   */
  private async holdLease(): Promise<boolean> {
    const locks = this.deps.locks;
    if (!locks) return true;
    const ttl = 2 * this.options.intervalMs;
    const renewed = this.lease ? await locks.renew(this.lease, ttl) : null;
    this.lease = renewed?.isOk() && renewed.value ? renewed.value : null;
    if (!this.lease) {
      const acquired = await locks.acquire('notify:collect', ttl);
      this.lease = acquired.isOk() ? acquired.value : null;
    }
    return this.lease !== null;
  }

  private rejectedCounts(): Partial<Record<WebhookProvider, number>> {
    return Object.fromEntries(Object.entries(this.authStatus()).map(([p, v]) => [p, v.rejected_count ?? 0]));
  }

  private checkAuthFailures(now: Date): void {
    const counts = this.rejectedCounts();
    for (const [provider, count] of Object.entries(counts) as [WebhookProvider, number][]) {
      const failures = count - (this.lastRejected[provider] ?? 0);
      if (failures >= this.options.authFailureThreshold) {
        this.delivery.enqueue({
          key: `auth-failures:${this.instance}:${provider}:${count}`,
          kind: 'webhook_auth_failures',
          text: `${failures} ${provider} webhook(s) failed authentication on ${this.instance} in the last ${Math.round(this.options.intervalMs / 1000)} s (${now.toISOString()}): a wrong secret, or someone probing the endpoint.`,
        });
      }
    }
    this.lastRejected = counts;
  }
}
