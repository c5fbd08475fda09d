import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the queue gauges read at scrape time (the review queue's size and age). */
export interface QueueSnapshot {
  readonly pending: number;
  readonly approvedWaiting: number;
  readonly oldestPendingAgeSeconds: number | null;
}

/** How one run of a background job ended. */
export type JobRunResult = 'ok' | 'retry' | 'failed';

/**
 * The app's Prometheus instruments on a registry of their own (never prom-client's global
 * one, so two apps in one process, as in tests, do not share counts). Names follow the
 * Prometheus conventions: `_total` counters, `_seconds` histograms, base units.
 *
 * @category adapters
 */
export class AppMetrics {
  readonly registry = new Registry();

  readonly sends = new Counter({ name: 'caio_sends_total', help: 'Provider send calls by channel and outcome (sent, rejected, retryable, unknown, crashed)', labelNames: ['channel', 'outcome'] as const, registers: [this.registry] });
  readonly providerCallSeconds = new Histogram({
    name: 'caio_provider_call_seconds',
    help: 'Duration of one provider send call, retries inside the adapter included',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly policyDenials = new Counter({ name: 'caio_policy_denials_total', help: 'Send decisions denied, by failing rule (one decision may fail several rules)', labelNames: ['rule'] as const, registers: [this.registry] });
  readonly claimSeconds = new Histogram({
    name: 'caio_claim_seconds',
    help: 'Duration of the send-ledger claim (claimSend) by result (claimed, refused, error)',
    labelNames: ['result'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'caio_webhook_deliveries_total',
    help: 'Webhook deliveries by provider and outcome (accepted, unauthenticated, refused, unavailable, error)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly webhookApplySeconds = new Histogram({
    name: 'caio_webhook_apply_seconds',
    help: 'From a webhook event recorded (its 2xx) to its effects applied by the background applier',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({ name: 'caio_store_errors_total', help: 'State store operations that failed, by operation and error', labelNames: ['operation', 'error'] as const, registers: [this.registry] });
  readonly jobRuns = new Counter({ name: 'caio_scheduled_job_runs_total', help: 'Background job runs (periodic jobs and batch executions) by job and result (ok, retry, failed)', labelNames: ['job', 'result'] as const, registers: [this.registry] });
  readonly jobLastSuccess = new Gauge({ name: 'caio_scheduled_job_last_success_timestamp_seconds', help: 'When each background job last ran successfully (Unix time)', labelNames: ['job'] as const, registers: [this.registry] });
  readonly schedulerRunning = new Gauge({ name: 'caio_scheduler_running', help: '1 while this instance runs the job worker (periodic jobs and batch executions), else 0', registers: [this.registry] });

  private queueReader: (() => Promise<QueueSnapshot | null>) | null = null;

  constructor() {
    // Process and Node.js runtime metrics (process_*, nodejs_*) under the caio_ prefix.
    collectDefaultMetrics({ register: this.registry, prefix: 'caio_' });
    const reader = () => this.queueReader;
    new Gauge({
      name: 'caio_queue_cards',
      help: 'Cards waiting, by state (pending review, approved and waiting to be sent)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const snapshot = await reader()?.();
        if (!snapshot) return;
        this.set({ state: 'pending' }, snapshot.pending);
        this.set({ state: 'approved_waiting' }, snapshot.approvedWaiting);
      },
    });
    new Gauge({
      name: 'caio_queue_oldest_pending_age_seconds',
      help: 'Age of the oldest card waiting for review (0 when none)',
      registers: [this.registry],
      async collect() {
        const snapshot = await reader()?.();
        if (snapshot) this.set(snapshot.oldestPendingAgeSeconds ?? 0);
      },
    });
  }

  /** Where the queue gauges read from at scrape time; a failed read leaves them unchanged. */
  readQueueWith(reader: () => Promise<QueueSnapshot | null>): void {
    this.queueReader = reader;
  }

  /**
   * Counts one job run of the engine: `ok` (done), `retry` (the job asked to be retried:
   * a store that did not answer, a batch leased elsewhere) or `failed` (the handler threw).
   */
  jobRan(job: string, result: JobRunResult): void {
    this.jobRuns.inc({ job, result });
    if (result === 'ok') this.jobLastSuccess.set({ job }, Date.now() / 1000);
  }

  /** The exposition text and its content type. */
  async expose(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
