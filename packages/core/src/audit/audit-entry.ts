import type { BatchId, CardId, EventId, LeadId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import type { TraceEnvelope } from '../trace.js';

/**
 * One state change, with the trace envelope of the command or event that caused it.
 * `action` is a stable dotted name (`card.approved`, `send.claimed`, `controls.stop_engaged`...).
 *
 * @category model
 */
export interface AuditEntry {
  readonly id: string;
  readonly trace: TraceEnvelope;
  readonly action: string;
  readonly cardId?: CardId;
  readonly leadId?: LeadId;
  readonly batchId?: BatchId;
  readonly eventId?: EventId;
  /** The identity keys a webhook event named (indexed: see `AuditTrail`). */
  readonly identityKeys?: readonly IdentityKey[];
  readonly detail: Readonly<Record<string, unknown>>;
}
