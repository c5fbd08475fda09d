import { sendDueApprovals, type CardId, type CoreDeps, type TraceId } from '@caio/core';
import type { InFlight } from '../composition/in-flight.js';

/**
 * Sends an approval when its undo window ends: one timer per approval in this process.
 * A timer lost with the process is caught up by the `approval-sends` scheduled job (the
 * same use case over every due card); either way the claim sends a card once, and a
 * withdrawn approval (back to pending) is left alone.
 *
 * @category adapters
 */
export class ApprovalTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly deps: CoreDeps,
    private readonly inFlight: InFlight,
  ) {}

  schedule(cardId: CardId, sendAfter: string): void {
    clearTimeout(this.timers.get(cardId));
    const delay = Math.max(0, Date.parse(sendAfter) - this.deps.clock.now().getTime());
    const timer = setTimeout(() => {
      this.timers.delete(cardId);
      const at = this.deps.clock.now();
      const trace = { traceId: `trace_undo_${cardId}_${at.getTime()}` as TraceId, actor: 'system:dispatcher', at: at.toISOString(), origin: 'scheduler' as const };
      void this.inFlight.run(() => sendDueApprovals(this.deps, { cardId, trace })).then((result) => {
        if (result.isErr()) this.deps.logger.error('undo-window send failed; the approval-sends job retries it', { cardId, error: result.error._tag });
      });
    }, delay + 50);
    // Never keeps the process alive; the sweep covers what a shutdown leaves.
    timer.unref();
    this.timers.set(cardId, timer);
  }

  /** Stops every timer (app shutdown). */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
