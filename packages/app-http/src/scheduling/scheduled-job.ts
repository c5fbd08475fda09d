/**
 * A piece of periodic work inside `caio serve`. `run` answers a short summary for the
 * log (or an error description); it must be safe to run again (every job here is).
 *
 * @category model
 */
export interface ScheduledJob {
  readonly name: string;
  readonly intervalMs: number;
  run(): Promise<{ readonly ok: boolean; readonly summary: string }>;
}
