import type { AuditEntry } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { replayCaseSchema, type ReplayCase } from './replay-case.js';

/** The audit action dispatch writes for every send decision (core's `PolicyDecisionRecord`). */
export const DECISION_ACTION = 'send.decided';

/** A file name that is the same every time for the same audit entry, and safe on any file system. */
export const recordedCaseFileName = (auditId: string): string => `recorded-${auditId.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns one `send.decided` audit entry into a replay case whose expectation is the
 * decision taken then, so a later policy that decides differently fails the gate.
 * The detail is read back through the case schema: an entry that does not fit (written
 * by another version, or damaged) is refused with the reason, never guessed at.
 */
export const caseFromAudit = (entry: AuditEntry): Result<ReplayCase, string> => {
  const { decision, ...recorded } = entry.detail;
  if (!isRecord(decision)) return err(`audit entry ${entry.id}: the detail has no decision`);
  const denials = Array.isArray(decision.denials) ? (decision.denials as unknown[]) : [];
  const parsed = replayCaseSchema.safeParse({
    name: `recorded-${entry.id}`,
    covers: [`recorded ${DECISION_ACTION}`, ...(decision.allowed === true ? ['allowed'] : denials.map(String))],
    ...recorded,
    expect: { allowed: decision.allowed, denials, dayKey: decision.dayKey, dailyCap: decision.dailyCap },
    recordedFrom: { auditId: entry.id, ...(entry.cardId !== undefined ? { cardId: entry.cardId } : {}), traceId: entry.trace.traceId, at: entry.trace.at },
  });
  if (!parsed.success) return err(`audit entry ${entry.id}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return ok(parsed.data);
};
