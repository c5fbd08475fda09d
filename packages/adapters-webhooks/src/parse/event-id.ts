import { parseEventId, type EventId } from '@caio/core';
import { createHash } from 'node:crypto';

type Part = string | number | boolean | null | undefined;

/**
 * A stable event id `<provider>:<40 hex>` digesting the fields that identify one
 * occurrence: the same delivery (and its retries) always maps to the same id, a
 * different occurrence to another. Absent parts are kept as null so their position
 * still counts.
 *
 * @category adapters
 */
export const eventIdFrom = (provider: string, parts: readonly Part[]): EventId =>
  `${provider}:${createHash('sha256').update(JSON.stringify(parts.map((p) => p ?? null))).digest('hex').slice(0, 40)}` as EventId;

/**
 * The provider's own event id, prefixed, when it fits the id alphabet; otherwise a
 * digest of it (still stable).
 *
 * @category adapters
 */
export const providerEventId = (provider: string, id: string): EventId => parseEventId(`${provider}:${id}`).unwrapOr(eventIdFrom(provider, [id]));

