import type { Batch, Card, LedgerEntry, Lead } from '@caio/core';
import { z } from 'zod';

/**
 * Stored JSON is untrusted: every record read back is checked with zod (the fields the
 * system relies on; unknown extra fields are kept).
 */
const cardBody = z.looseObject({ id: z.string(), leadId: z.string(), leadKeys: z.array(z.string()), channel: z.enum(['ghl_email', 'instantly', 'heyreach']), step: z.number().int(), body: z.string(), quality: z.looseObject({ passed: z.boolean() }) });
const cardMeta = z.object({ status: z.string(), version: z.string(), updatedAt: z.string(), contentDigest: z.string(), receipt: z.string().optional(), outcomeReason: z.string().optional() });
const ledgerBody = z.looseObject({ cardId: z.string(), step: z.number().int(), attemptId: z.string(), channel: z.string(), leadKeys: z.array(z.string()), contentDigest: z.string(), dayKey: z.string(), claimedAt: z.string() });
const ledgerMeta = z.object({ state: z.enum(['sending', 'sent', 'failed', 'unknown']), finalisedAt: z.string().optional(), receipt: z.string().optional(), reason: z.string().optional() });
const versioned = z.looseObject({ id: z.string(), version: z.number().int() });

export class CorruptRecord extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

const parse = <T>(schema: z.ZodType<T>, key: string, value: unknown): T => {
  const result = schema.safeParse(value);
  if (!result.success) throw new CorruptRecord(key, `${key} has an unexpected shape: ${result.error.issues[0]?.path.join('.')} ${result.error.issues[0]?.message}`);
  return result.data;
};

const json = (key: string, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new CorruptRecord(key, `${key} is not JSON`);
  }
};

/** A card is stored as its body (JSON) and its mutable dispatch fields (hash). */
export const splitCard = (card: Card): { body: string; meta: string[] } => {
  const { status, version, updatedAt, contentDigest, receipt, outcomeReason, ...rest } = card;
  return {
    body: JSON.stringify(rest),
    meta: ['status', status, 'version', String(version), 'updatedAt', updatedAt, 'contentDigest', contentDigest, ...(receipt ? ['receipt', JSON.stringify(receipt)] : []), ...(outcomeReason !== undefined ? ['outcomeReason', outcomeReason] : [])],
  };
};

export const joinCard = (key: string, body: string, meta: Record<string, string>): Card => {
  const b = parse(cardBody, key, json(key, body));
  const m = parse(cardMeta, `${key}:meta`, meta);
  // The body never holds the dispatch fields (splitCard removed them); the meta supplies them.
  const { receipt: _r, outcomeReason: _o, ...rest } = b as unknown as Card;
  return {
    ...rest,
    status: m.status as Card['status'],
    version: Number(m.version),
    updatedAt: m.updatedAt,
    contentDigest: m.contentDigest,
    ...(m.receipt ? { receipt: json(`${key}:meta`, m.receipt) as NonNullable<Card['receipt']> } : {}),
    ...(m.outcomeReason !== undefined ? { outcomeReason: m.outcomeReason } : {}),
  };
};

/** A ledger entry: the claim (JSON, immutable) and its outcome (hash). */
export const ledgerClaimBody = (entry: LedgerEntry): string => {
  const { state: _state, finalisedAt: _f, receipt: _r, reason: _reason, ...claim } = entry;
  return JSON.stringify(claim);
};

export const joinLedger = (key: string, body: string, meta: Record<string, string>): LedgerEntry => {
  const b = parse(ledgerBody, key, json(key, body));
  const m = parse(ledgerMeta, `${key}:meta`, meta);
  const { finalisedAt: _f, receipt: _r, reason: _x, ...claim } = b as unknown as LedgerEntry;
  return {
    ...claim,
    state: m.state,
    ...(m.finalisedAt ? { finalisedAt: m.finalisedAt } : {}),
    ...(m.receipt ? { receipt: json(`${key}:meta`, m.receipt) as NonNullable<LedgerEntry['receipt']> } : {}),
    ...(m.reason !== undefined ? { reason: m.reason } : {}),
  };
};

export const parseVersioned = <T extends Lead | Batch>(key: string, text: string): T => parse(versioned, key, json(key, text)) as unknown as T;

export const parseJsonRecord = <T>(key: string, text: string): T => {
  const value = json(key, text);
  if (value === null || typeof value !== 'object') throw new CorruptRecord(key, `${key} is not a JSON object`);
  return value as T;
};
