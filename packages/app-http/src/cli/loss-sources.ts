import { FileStateStore } from '@caio/adapters-file';
import { touchesFromAudit, type AuditEntry, type CardId, type Clock, type StoreRecord } from '@caio/core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

/** What one `--from` source contributes to the re-import after a loss. */
export interface LossSource {
  readonly path: string;
  readonly kind: 'file store' | 'export' | 'audit archive' | 'export and audit';
  readonly records: readonly StoreRecord[];
  /** Claimed first touches found in audit entries that predate recording the lead's keys. */
  readonly withoutKeys: readonly CardId[];
}

const RECORD_KINDS = ['lead', 'card', 'batch', 'ledger', 'first_touch', 'day_sends', 'fence', 'suppression', 'cadence_stop', 'controls', 'inbox', 'day_record'] as const;

// Stored JSON from an operator's file: the envelope is checked; values are what a store exported.
const recordLine = z.object({ kind: z.enum(RECORD_KINDS), value: z.record(z.string(), z.unknown()) });
const auditLine = z.looseObject({ id: z.string(), action: z.string(), trace: z.looseObject({ at: z.string() }), detail: z.record(z.string(), z.unknown()) });

const isFileStore = (dir: string): boolean => readdirSync(dir).some((name) => name === 'snapshot.json' || /^journal-\d+\.log$/.test(name));

/** A JSON-lines file of store records (`caio state export`) and/or audit entries (`caio audit archive`). */
const readLines = (path: string): LossSource | string => {
  const records: StoreRecord[] = [];
  const audit: AuditEntry[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return `${path}:${index + 1} is not JSON`;
    }
    const record = recordLine.safeParse(json);
    if (record.success) {
      records.push(json as StoreRecord);
      continue;
    }
    if (auditLine.safeParse(json).success) {
      audit.push(json as AuditEntry);
      continue;
    }
    return `${path}:${index + 1} is neither a store record (caio state export) nor an audit entry (caio audit archive)`;
  }
  const fromAudit = touchesFromAudit(audit);
  const kind = records.length && audit.length ? 'export and audit' : audit.length ? 'audit archive' : 'export';
  return { path, kind, records: [...records, ...fromAudit.touches], withoutKeys: fromAudit.withoutKeys };
};

/**
 * Reads one source an operator names for `caio state accept-loss`: a file store
 * directory (every record it holds, e.g. the dual backend's secondary), an export
 * (`caio state export`), or an audit archive (`caio audit archive`: the first touches
 * its claims prove). A string says why the source cannot be used.
 */
export const loadLossSource = async (path: string, clock: Clock): Promise<LossSource | string> => {
  let directory: boolean;
  try {
    directory = statSync(path).isDirectory();
  } catch (error) {
    return `${path}: ${(error as Error).message}`;
  }
  if (!directory) return readLines(path);
  if (!isFileStore(path)) return `${path} is a directory but not a file store (no snapshot.json or journal-*.log)`;
  const opened = await FileStateStore.open({ dir: path, clock });
  if (opened.isErr()) return `${path}: the file store cannot be opened: ${opened.error._tag}`;
  try {
    const records = await opened.value.exportRecords();
    return records.isOk() ? { path, kind: 'file store', records: records.value, withoutKeys: [] } : `${path}: ${records.error._tag}`;
  } finally {
    await opened.value.close();
  }
};
