import { createHash } from 'node:crypto';
import { emptyMemoryState } from '@caio/core';
import { z } from 'zod';
import { DROP_HEAD, type Change } from './change-tracker.js';

const TABLES = Object.keys(emptyMemoryState()) as [string, ...string[]];

// A head drop (audit archival) must say how many entries, as a whole number.
const changeSchema = z
  .tuple([z.enum(TABLES), z.string().nullable(), z.unknown()])
  .refine(([, key, value]) => key !== DROP_HEAD || (Number.isInteger(value) && (value as number) >= 0), { message: `${DROP_HEAD} needs a non-negative whole count` });
const recordSchema = z.object({ seq: z.number().int().nonnegative(), changes: z.array(changeSchema).min(1) }).strict();

export type JournalRecord = { readonly seq: number; readonly changes: readonly Change[] };

const checksum = (json: string): string => createHash('sha256').update(json).digest('hex').slice(0, 16);

/** `<json>\t<checksum>\n`: a torn or edited line fails its checksum. @category adapters */
export const encodeLine = (record: JournalRecord): string => {
  const json = JSON.stringify(record);
  return `${json}\t${checksum(json)}\n`;
};

export type DecodedLine = { readonly ok: true; readonly record: JournalRecord } | { readonly ok: false; readonly reason: string };

/** Decodes one line (without its newline): checksum first, then the shape with zod. */
export const decodeLine = (line: string): DecodedLine => {
  const tab = line.lastIndexOf('\t');
  if (tab < 0) return { ok: false, reason: 'no checksum' };
  const json = line.slice(0, tab);
  if (checksum(json) !== line.slice(tab + 1)) return { ok: false, reason: 'checksum mismatch' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const record = recordSchema.safeParse(parsed);
  return record.success ? { ok: true, record: record.data as JournalRecord } : { ok: false, reason: `unexpected shape: ${record.error.issues[0]?.message ?? 'invalid'}` };
};
