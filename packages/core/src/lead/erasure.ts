import type { LeadId } from '../ids.js';
import { sha256Hex } from '../shared/digest.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import { keyKind, type IdentityKey } from './identity.js';
import { leadKeys, type Lead } from './lead.js';

/**
 * A keyed hash of a personal value: the same value and secret give the same hash (so a
 * tombstone matches a re-import, and redacted audit entries of one person still match
 * each other), but without the secret a hash cannot be checked against a guessed
 * address. Nested (`H(k, H(k, v))`), so a secret-prefix hash cannot be extended.
 */
export const keyedHash = (secret: string, value: string): string => sha256Hex(`${secret}\u0000${sha256Hex(`${secret}\u0000${value}`)}`).slice(0, 32);

/** The tombstone target of one identity key. */
export const erasedTarget = (secret: string, key: IdentityKey): SuppressionTarget => `erased:${keyedHash(secret, key)}`;

/**
 * Everything an erasure changes, computed once from the person: the ids and keys to
 * forget, each key's hashed stand-in, the personal values to redact wherever they
 * appear (matched without regard to case), and the tombstones that keep the person
 * from being re-created.
 *
 * @category model
 */
export interface ErasurePlan {
  readonly leadIds: readonly LeadId[];
  readonly keys: readonly IdentityKey[];
  /** Identity key -> its stand-in in ledger entries, first touches and cadence stops. */
  readonly hashedKeys: Readonly<Record<string, string>>;
  /**
   * The values that identify the person (keys, e-mail addresses, profiles, provider ids),
   * lower-cased, longest first, each with its replacement: replaced wherever they appear,
   * and what decides that a record is about the person.
   */
  readonly redactions: readonly (readonly [needle: string, replacement: string])[];
  /**
   * The person's names: replaced as whole words, and only inside records about the
   * person (a short name such as `Cy` must not touch `emergencyStop` elsewhere).
   */
  readonly names: readonly (readonly [name: string, replacement: string])[];
  readonly tombstones: readonly Suppression[];
}

const keyValue = (key: IdentityKey): string => key.slice(key.indexOf(':') + 1);

/** Plans the erasure of a person: the lead (if any), the ids merged into it, and every key known. */
export const planErasure = (secret: string, person: { readonly lead: Lead | null; readonly aliases: readonly LeadId[]; readonly keys: readonly IdentityKey[] }, reason: string, at: string): ErasurePlan => {
  const keys = [...new Set([...(person.lead ? leadKeys(person.lead) : []), ...person.keys])];
  const values = new Set<string>();
  for (const key of keys) {
    values.add(key);
    values.add(keyValue(key));
    // A profile appears in payloads as a URL of any casing; its slug is the personal part.
    if (keyKind(key) === 'linkedin') values.add(keyValue(key).slice('linkedin.com/in/'.length));
  }
  const lead = person.lead;
  const names = new Set<string>();
  for (const name of [lead?.firstName, lead?.lastName, lead?.firstName && lead.lastName ? `${lead.firstName} ${lead.lastName}` : undefined]) {
    if (name && name.trim().length >= 2) names.add(name.trim());
  }
  const replacements = (set: Set<string>, min: number) =>
    [...set]
      .map((v) => v.toLowerCase())
      .filter((v) => v.length >= min)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map((v) => [v, `[erased:${keyedHash(secret, v)}]`] as const);
  // Identifying values shorter than 4 characters (a two-letter slug) would match too much.
  const redactions = replacements(values, 4);
  return {
    leadIds: [...new Set([...(lead ? [lead.id] : []), ...person.aliases])],
    keys,
    hashedKeys: Object.fromEntries(keys.map((k) => [k, erasedTarget(secret, k)])),
    redactions,
    names: replacements(names, 2),
    tombstones: keys.map((k) => ({ target: erasedTarget(secret, k), reason: 'erased', source: 'erasure', at, note: reason })),
  };
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every identifying value of the plan in a text (case-insensitively). */
export const redactText = (plan: Pick<ErasurePlan, 'redactions'>, text: string): string => {
  let out = text;
  for (const [needle, replacement] of plan.redactions) if (out.toLowerCase().includes(needle)) out = out.replace(new RegExp(escape(needle), 'gi'), replacement);
  return out;
};

/** `redactText`, then the person's names as whole words: for texts of records about the person. */
const redactPersonText = (plan: Pick<ErasurePlan, 'redactions' | 'names'>, text: string): string => {
  let out = redactText(plan, text);
  for (const [name, replacement] of plan.names) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'giu'), replacement);
  return out;
};

/** Whether a value mentions any identifying value of the plan (the person's records). */
export const mentions = (plan: Pick<ErasurePlan, 'redactions'>, value: unknown): boolean => {
  const text = JSON.stringify(value ?? null).toLowerCase();
  return plan.redactions.some(([needle]) => text.includes(needle));
};

/**
 * A record about the person with every personal value redacted: identifying values in
 * strings and object keys, names (whole words) in strings only, so the record keeps its shape.
 */
export const redactJson = <T>(plan: Pick<ErasurePlan, 'redactions' | 'names'>, value: T): T => {
  if (typeof value === 'string') return redactPersonText(plan, value) as T;
  if (Array.isArray(value)) return value.map((v) => redactJson(plan, v)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(plan, k), redactJson(plan, v)])) as T;
  return value;
};
