import { ingestWebhookEvents, type CoreDeps, type Logger, type TraceId } from '@caio/core';
import type { ReplayVerdict, SpoolEntry, WebhookSpool } from './webhook-spool.js';

/** Store failures that pass: the entry waits for the store. Anything else will not pass by waiting. */
const TRANSIENT = new Set(['StoreUnavailable', 'StoreTimeout', 'StoreBlocked']);

/**
 * Puts one spooled delivery into the store as the webhook route would have: events
 * through the inbox (a duplicate is fine: the inbox dedupes by event id), a quarantined
 * body into the quarantine.
 */
const applyEntry = async (deps: CoreDeps, entry: SpoolEntry, logger: Logger): Promise<ReplayVerdict> => {
  const refused = (tag: string): ReplayVerdict => {
    if (TRANSIENT.has(tag)) return 'wait';
    logger.error('webhook spool entry refused by the store; set aside in the spool\'s unreadable/ folder', { provider: entry.provider, traceId: entry.traceId, error: tag });
    return 'reject';
  };
  if (entry.kind === 'quarantine') {
    const kept = await deps.store.quarantine(entry.delivery);
    return kept.isOk() ? 'taken' : refused(kept.error._tag);
  }
  const trace = { traceId: entry.traceId as TraceId, actor: `webhook:${entry.provider}`, at: deps.clock.now().toISOString(), origin: 'webhook' as const };
  const ingested = await ingestWebhookEvents(deps, { events: entry.events, trace });
  // Another instance applying the same event right now has it recorded: taken.
  return ingested.isOk() || ingested.error._tag === 'EventInProgress' ? 'taken' : refused(ingested.error._tag);
};

/** Replays the spool into the store and says what happened; quiet when there was nothing. */
export const replaySpool = async (deps: CoreDeps, spool: WebhookSpool, logger: Logger): Promise<{ readonly replayed: number; readonly left: number; readonly setAside: number }> => {
  const result = await spool.replay((entry) => applyEntry(deps, entry, logger));
  if (result.replayed > 0) logger.info('webhook spool replayed into the store', { replayed: result.replayed, left: result.left });
  else if (result.left > 0) logger.warn('webhook spool waiting: the store does not take deliveries yet', { left: result.left });
  return result;
};

/**
 * Replays the spool at start and every `intervalMs` while the app runs. The spool is
 * this instance's own (a local directory), so it runs on every instance, not under a
 * shared lease. `stop` waits for a replay in progress.
 *
 * @category adapters
 */
export class SpoolReplayer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: CoreDeps,
    private readonly spool: WebhookSpool,
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.running.then(() => replaySpool(this.deps, this.spool, this.logger)).catch((error: unknown) => this.logger.error('webhook spool replay failed', { error: String(error) }));
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
