import type { TraceId } from './ids.js';

/** Where a command or event entered the system. @category model */
export const ORIGINS = ['api', 'webhook', 'cli', 'scheduler', 'pipeline', 'test'] as const;
export type Origin = (typeof ORIGINS)[number];

/**
 * Carried by every command and event, and copied into every audit entry, so one
 * trace id follows a card from review to provider receipt.
 *
 * @category model
 */
export interface TraceEnvelope {
  readonly traceId: TraceId;
  /** Who acted: a reviewer, `system:dispatcher`, `webhook:instantly`... */
  readonly actor: string;
  readonly at: string;
  readonly origin: Origin;
}
