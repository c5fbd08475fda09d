import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { caseFromAudit, DECISION_ACTION, recordedCaseFileName } from '../../replay/case-from-audit.js';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

const DEFAULT_SCAN = 100_000;
const PROGRESS_EVERY = 100;

/** Writes a file only if it does not exist yet (atomically: two runs never overwrite each other). */
const writeNew = async (path: string, text: string): Promise<'written' | 'exists'> => {
  try {
    await writeFile(path, text, { flag: 'wx' });
    return 'written';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  }
};

/**
 * `caio replay record --out DIR [--since DATE] [--scan N]`: every send decision in the
 * audit history (`send.decided`, with what the policy read) becomes a replay case in DIR,
 * named after its audit entry. A case already in DIR is kept as it is, so running it
 * again adds only newer decisions. Exit 1 when some entry could not be turned into a case.
 */
export const replayRecordCommand: Command = {
  name: 'replay record',
  summary: 'turn the send decisions in the audit history into replay cases (one file each, never overwritten)',
  usage: 'caio replay record --out DIR [--since DATE] [--scan N (newest audit entries read, default 100000)]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { out: { type: 'string' }, since: { type: 'string' }, scan: { type: 'string', default: String(DEFAULT_SCAN) } },
      allowPositionals: true,
    });
    const since = values.since === undefined ? null : Date.parse(values.since);
    const scan = Number(values.scan);
    const problem =
      !values.out ? '--out DIR is required'
      : positionals.length > 0 ? `unexpected argument: ${positionals[0]}`
      : since !== null && Number.isNaN(since) ? `--since must be a date (2026-03-02 or 2026-03-02T15:00:00Z), not "${values.since}"`
      : !Number.isInteger(scan) || scan < 1 ? `--scan must be a positive whole number, not "${values.scan}"`
      : null;
    if (problem !== null || !values.out) {
      io.err(`${problem}\n\nUsage: ${this.usage}\n`);
      return EXIT.usage;
    }
    const out = values.out;
    return withLocalCore(env, io, async ({ deps }) => {
      const audit = await deps.store.listAudit({ limit: scan });
      if (audit.isErr()) {
        io.err(`cannot read the audit history: ${audit.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const decisions = audit.value.filter((e) => e.action === DECISION_ACTION && (since === null || Date.parse(e.trace.at) >= since));
      await mkdir(out, { recursive: true });
      let written = 0;
      let existing = 0;
      const unreadable: string[] = [];
      for (const [i, entry] of decisions.entries()) {
        const replayCase = caseFromAudit(entry);
        if (replayCase.isErr()) unreadable.push(replayCase.error);
        else if ((await writeNew(join(out, recordedCaseFileName(entry.id)), `${JSON.stringify(replayCase.value, null, 2)}\n`)) === 'written') written += 1;
        else existing += 1;
        if (decisions.length > PROGRESS_EVERY && ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === decisions.length)) io.err(`recorded ${i + 1}/${decisions.length}\n`);
      }
      for (const reason of unreadable) io.err(`not recorded: ${reason}\n`);
      io.out(`replay record: ${decisions.length} decision(s) in the audit history${since === null ? '' : ` since ${values.since}`}; ${written} new case(s) written to ${out}, ${existing} already recorded, ${unreadable.length} unreadable\n`);
      return unreadable.length === 0 ? EXIT.ok : EXIT.gateFailed;
    });
  },
};
