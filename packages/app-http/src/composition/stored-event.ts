import { WEBHOOK_PROVIDERS, type DomainEvent } from '@caio/core';
import { z } from 'zod';

// Stored event payloads (the inbox, the webhook spool) are untrusted JSON: check the envelope before re-applying one.
const storedEvent = z.looseObject({ type: z.string(), eventId: z.string(), provider: z.enum(WEBHOOK_PROVIDERS), occurredAt: z.string() });

/** A stored domain event whose envelope holds, or null. */
export const parseStoredEvent = (payload: unknown): DomainEvent | null => (storedEvent.safeParse(payload).success ? (payload as DomainEvent) : null);
