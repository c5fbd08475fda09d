import { err, ok, type Result } from 'neverthrow';
import type { Brand } from './shared/brand.js';
import { validationError, type ValidationError } from './shared/validation-error.js';

/** @category model */
export type LeadId = Brand<string, 'LeadId'>;
/** @category model */
export type CardId = Brand<string, 'CardId'>;
/** @category model */
export type BatchId = Brand<string, 'BatchId'>;
/** @category model */
export type TraceId = Brand<string, 'TraceId'>;
/** A provider's event id, or a digest of the fields that identify the occurrence. @category model */
export type EventId = Brand<string, 'EventId'>;
/** One dispatch attempt of one card step; written with the `sending` marker. @category model */
export type AttemptId = Brand<string, 'AttemptId'>;

// Ids travel in URLs, Redis keys and file names: keep them to a safe alphabet.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

const parseId =
  <T extends string>(field: string) =>
  (raw: string): Result<T, ValidationError> =>
    ID_PATTERN.test(raw)
      ? ok(raw as T)
      : err(validationError(field, `must be 1-128 characters of [A-Za-z0-9_.:-], got ${JSON.stringify(raw.slice(0, 40))}`));

export const parseLeadId = parseId<LeadId>('leadId');
export const parseCardId = parseId<CardId>('cardId');
export const parseBatchId = parseId<BatchId>('batchId');
export const parseTraceId = parseId<TraceId>('traceId');
export const parseEventId = parseId<EventId>('eventId');
export const parseAttemptId = parseId<AttemptId>('attemptId');
