import type { LeadSource } from './lead.js';

/** Where a field's value came from and when it was observed. @category model */
export interface FieldProvenance {
  readonly source: LeadSource;
  readonly at: string;
}

const normalise = (value: string): string => value.toLowerCase().replace(/[.\s]+/g, ' ').trim();

/** `D.` abbreviates `Doe`, `Acme` abbreviates `Acme Corporation`: a shorter prefix of the other. */
const abbreviates = (short: string, long: string): boolean => {
  const s = normalise(short);
  const l = normalise(long);
  return s.length < l.length && s.length > 0 && l.startsWith(s);
};

/**
 * Which of two observations of one field a merge keeps: a missing value never wins, a
 * value that only abbreviates the other (a prefix, `D.` for `Doe`) never overwrites the
 * fuller one, the same value (up to case and dots) keeps the earlier observation, and
 * otherwise the newer observation wins (people change titles and companies).
 */
export const keepFuller = (stored: string | undefined, incoming: string | undefined): 'stored' | 'incoming' => {
  if (incoming === undefined) return 'stored';
  if (stored === undefined) return 'incoming';
  if (normalise(stored) === normalise(incoming)) return 'stored';
  if (abbreviates(incoming, stored)) return 'stored';
  return 'incoming';
};
