import { archiveAudit, type AuditEntry, type Lease, type TraceId } from '@caio/core';
import { ResultAsync } from 'neverthrow';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

const DAY_MS = 86_400_000;
const LEASE = 'audit-archive';
const LEASE_MS = 10 * 60_000;

/** `30d` (that many days before now) or an ISO 8601 date or instant; null when neither. */
export const parseCutOff = (text: string, now: Date): Date | null => {
  const days = /^(\d{1,5})d$/.exec(text);
  if (days) return new Date(now.getTime() - Number(days[1]) * DAY_MS);
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
};

/**
 * Appends a batch as JSON lines and forces it to disk before answering: the entries are
 * dropped from the store only after this returned ok.
 */
const appendDurably = (path: string) => (entries: readonly AuditEntry[]) =>
  ResultAsync.fromPromise(
    (async () => {
      const fd = openSync(path, 'a', 0o600);
      try {
        writeSync(fd, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    })(),
    (error) => ({ _tag: 'ArchiveWriteFailed' as const, message: `${path}: ${(error as Error).message}` }),
  );

/**
 * `caio audit archive --before 90d|DATE --out FILE [--yes]`: moves audit entries older
 * than the cut-off out of the store into FILE (JSON lines, appended, fsynced per batch,
 * mode 0600) and then removes them from the store, so the audit log stops growing
 * without end. Asks for confirmation (or takes `--yes`); one archiver at a time (a lease).
 */
export const auditArchiveCommand: Command = {
  name: 'audit archive',
  summary: 'move audit entries older than a cut-off to a JSON-lines file, then out of the store',
  usage: 'caio audit archive --before 90d|YYYY-MM-DD[THH:MM:SSZ] --out FILE [--yes] [--actor NAME]',
  run(args, env, io) {
    let values: { before?: string; out?: string; yes?: boolean; actor?: string };
    try {
      ({ values } = parseArgs({ args: [...args], options: { before: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean' }, actor: { type: 'string' } } }));
    } catch (error) {
      io.err(`${(error as Error).message}\nusage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    const now = new Date();
    const cutOff = values.before ? parseCutOff(values.before, now) : null;
    if (!cutOff || !values.out) {
      io.err(`${values.before && !cutOff ? `--before: not a number of days (30d) or an ISO date: ${values.before}\n` : ''}usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    if (cutOff.getTime() > now.getTime()) {
      io.err(`--before ${cutOff.toISOString()} is in the future: nothing that recent is archived\n`);
      return Promise.resolve(EXIT.usage);
    }
    const out = resolve(values.out);
    const before = cutOff.toISOString();
    return withLocalCore(env, io, async ({ deps }) => {
      if (!values.yes && !(await io.confirm(`Move every audit entry older than ${before} to ${out} and remove it from the store?`))) {
        io.err('not confirmed: nothing changed (pass --yes when no terminal can answer)\n');
        return EXIT.gateFailed;
      }
      // One archiver at a time; the exact head drop keeps even a race correct, this keeps it tidy.
      let lease: Lease | null = null;
      if (deps.locks) {
        const acquired = await deps.locks.acquire(LEASE, LEASE_MS);
        if (acquired.isErr()) {
          io.err(`the store is unavailable: ${acquired.error._tag}\n`);
          return EXIT.gateFailed;
        }
        if (!acquired.value) {
          io.err('another audit archive is running (lease audit-archive is held): nothing changed\n');
          return EXIT.gateFailed;
        }
        lease = acquired.value;
      }
      try {
        const at = deps.clock.now().toISOString();
        const actor = values.actor ?? `cli:${env.USER ?? 'operator'}`;
        const result = await archiveAudit(deps, { before, keep: appendDurably(out), trace: { traceId: `trace_archive_${Date.parse(at)}` as TraceId, actor, at, origin: 'cli' } });
        if (result.isErr()) {
          const e = result.error;
          io.err(`archive stopped: ${e._tag}: ${'message' in e ? e.message : ''}\nentries already in ${out} were removed from the store; the rest stayed\n`);
          return EXIT.gateFailed;
        }
        const { archived, interrupted } = result.value;
        io.out(`archived ${archived} audit entr${archived === 1 ? 'y' : 'ies'} older than ${before} to ${out}\n`);
        if (interrupted) io.err('the head of the audit log changed while archiving (another archiver?): run it again\n');
        return interrupted ? EXIT.gateFailed : EXIT.ok;
      } finally {
        if (lease) await deps.locks?.release(lease);
      }
    });
  },
};
