import type { InboxEvent, InboxRecord } from '@caio/core';
import { parseJsonRecord } from './record-codec.js';

const DAY_MS = 86_400_000;

/** An inbox event as stored (with its expiry in ms, for the scripts), back in the port's shape. */
export const inboxEvent = (key: string, text: string, applied: boolean): InboxEvent => {
  const { expiresAtMs: _ms, ...event } = parseJsonRecord<InboxEvent & { expiresAtMs: number }>(key, text);
  return { ...event, applied };
};

/** The stored form of an inbox event, and its real-time TTL (garbage collection, a day past the logical expiry). */
export const inboxWrite = (event: Omit<InboxEvent, 'applied'>, now: number): { json: string; ttl: number; expiresAtMs: number } => {
  const expiresAtMs = new Date(event.expiresAt).getTime();
  // The event's own JSON with the field appended: no copy of the event (and its payload) just to add one number.
  const json = `${JSON.stringify(event).slice(0, -1)},"expiresAtMs":${expiresAtMs}}`;
  return { json, ttl: Math.max(expiresAtMs - now, 0) + DAY_MS, expiresAtMs };
};

/** What an inbox script answered, as the port's `InboxRecord`. */
export const inboxRecord = (key: string, [verdict, existing]: [string, string?]): InboxRecord => {
  if (verdict === 'new' || existing === undefined) return { _tag: 'New' };
  if (verdict === 'pending') return { _tag: 'Pending', event: inboxEvent(key, existing, false) };
  if (verdict === 'in_progress') return { _tag: 'InProgress', event: inboxEvent(key, existing, false) };
  return { _tag: 'Applied', event: inboxEvent(key, existing, true) };
};
