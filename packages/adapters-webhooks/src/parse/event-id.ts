import { parseEventId, type EventId } from '@caio/core';
import { createHash } from 'node:crypto';

/**
 * A stable event id: the provider's own id when it is a safe token, otherwise a digest
 * of the fields that identify the occurrence (the same delivery always maps to the same
 * id, a different occurrence to another).
 *
 * @category adapters
 */
export const eventIdFrom = (provider: string, parts: readonly (string | number | boolean | null | undefined)[]): EventId =>
  `${provider}:${createHash('sha256').update(JSON.stringify(parts.map((p) => p ?? null))).digest('hex').slice(0, 40)}` as EventId;

export const providerEventId = (provider: string, id: string): EventId => {
  const candidate = `${provider}:${id}`;
  return parseEventId(candidate).unwrapOr(eventIdFrom(provider, [id]));
};
