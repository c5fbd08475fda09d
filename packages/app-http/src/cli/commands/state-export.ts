import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/**
 * `caio state export --out FILE`: every record of the store as JSON lines (mode 0600,
 * never overwriting), fsynced. A backup `caio state accept-loss --from FILE` can
 * re-import after a loss. The audit log is not a record (see `caio audit archive`).
 */
export const stateExportCommand: Command = {
  name: 'state export',
  summary: 'write every record of the store to a JSON-lines file (a backup accept-loss can re-import)',
  usage: 'caio state export --out FILE',
  run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { out: { type: 'string' } } });
    const out = values.out;
    if (!out) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const records = await deps.store.exportRecords();
      if (records.isErr()) {
        io.err(`cannot read the store: ${records.error._tag}\n`);
        return EXIT.gateFailed;
      }
      try {
        const fd = openSync(out, 'wx', 0o600);
        try {
          writeSync(fd, records.value.map((r) => `${JSON.stringify(r)}\n`).join(''));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        io.err(`cannot write ${out}: ${(error as Error).message}\n`);
        return EXIT.gateFailed;
      }
      io.out(`${records.value.length} record(s) written to ${out}\n`);
      return EXIT.ok;
    });
  },
};
