import { applyPendingWebhookEvents, oneAtATime, type CoreDeps, type Logger, type TraceId } from '@caio/core';
import { parseStoredEvent } from './stored-event.js';

/** How often an idle applier looks for work it was not told about: other instances' backlog, lapsed claims, a store that is back. */
export const WEBHOOK_APPLIER_INTERVAL_MS = 1_000;
/** What `drained()` waits between looks at a backlog held by another applier's claim. */
const DRAINED_POLL_MS = 10;

/**
 * Applies accepted webhook events in the background: the route records a delivery (one
 * store write), answers 2xx, and kicks this. The work is the inbox's pending events, so
 * nothing answered is lost (a crash leaves them pending, and the next pass of any instance
 * applies them), each is applied once (under its inbox claim) and a person's events in
 * acceptance order (`applyPendingWebhookEvents`). Passes run one at a time per instance;
 * a kick during a pass runs another after it.
 *
 * @category adapters
 */
export class WebhookApplier {
  /** Passes one at a time; a kick during a pass asks for one more after it. */
  private readonly passes = oneAtATime(() => (this.stopped ? Promise.resolve() : this.drain()));
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: CoreDeps,
    private readonly logger: Logger,
    /** false: this instance only accepts (another instance applies, or an operator holds application). */
    private readonly enabled = true,
    /** Told, in seconds, how long each applied event waited from its receipt (caio_webhook_apply_seconds). */
    private readonly observeLatency: (seconds: number) => void = () => undefined,
  ) {}

  /** Starts looking for work every `intervalMs` (kicks do not wait for it). */
  start(intervalMs = WEBHOOK_APPLIER_INTERVAL_MS): void {
    if (!this.enabled || this.timer) return;
    this.kick();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** New work was accepted: apply it soon (coalesced with a pass in progress). */
  kick(): void {
    if (!this.enabled || this.stopped) return;
    void this.passes();
  }

  /**
   * Resolves once the store holds no pending event: what tests (and an operator's script)
   * wait on after posting a delivery, instead of sleeping. Runs passes itself while this
   * instance applies; otherwise waits for whoever does.
   */
  async drained(): Promise<void> {
    for (;;) {
      if (this.enabled && !this.stopped) await this.passes();
      const backlog = await this.deps.store.inboxBacklog();
      if (backlog.isOk() && backlog.value.pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, DRAINED_POLL_MS));
    }
  }

  /** Stops taking passes and waits for the one in progress (shutdown, before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.passes.idle();
  }

  private readonly onApplied = (event: { readonly receivedAt: string }): void => this.observeLatency(Math.max(0, Date.now() - Date.parse(event.receivedAt)) / 1000);

  /** Passes until one finds nothing it can apply now (empty, or waiting on other holders' claims or a failing store). */
  private async drain(): Promise<void> {
    const trace = { traceId: `trace_applier_${Date.now()}` as TraceId, actor: 'system:webhook-applier', at: this.deps.clock.now().toISOString(), origin: 'scheduler' as const };
    for (;;) {
      const pass = await applyPendingWebhookEvents(this.deps, { parse: parseStoredEvent, trace, onApplied: this.onApplied });
      if (pass.isErr()) {
        this.logger.warn('webhook applier: the store could not list pending events; retrying on the next pass', { error: pass.error._tag });
        return;
      }
      const { applied, waiting, failure } = pass.value;
      if (failure) this.logger.warn('webhook applier: an event could not be applied now; it stays pending and is retried', { error: failure._tag, waiting });
      if (applied === 0 || this.stopped) return;
    }
  }
}
