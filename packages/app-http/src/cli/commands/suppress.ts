import { addToDoNotContact, doNotContactRows, importDoNotContact, removeFromDoNotContact, type DoNotContactInput, type Suppression, type TraceEnvelope, type TraceId } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseCsv } from '../csv.js';
import { EXIT, table, type Command, type Io } from '../command.js';
import { withLocalCore, type LocalCore } from '../local-core.js';

const cliTrace = (actor: string, at: string) => ({ traceId: `trace_suppress_${Date.now()}` as TraceId, actor, at, origin: 'cli' as const });

const entryArgs = (args: readonly string[]) =>
  parseArgs({ args: [...args], allowPositionals: true, options: { reason: { type: 'string' }, actor: { type: 'string', default: 'cli:operator' } } });

type EntryError = { _tag: string; message?: string; field?: string; id?: string };

const errorText = (e: EntryError): string =>
  e._tag === 'ValidationError' ? `${e.field}: ${e.message}` : e._tag === 'NotFound' ? `${e.id} is not on the do-not-contact list; nothing changed` : `${e._tag}${e.message ? `: ${e.message}` : ''}`;

const usageError = (io: Io, usage: string): number => {
  io.err(`usage: ${usage}\n`);
  return EXIT.usage;
};

/** A command over one entry and a reason: runs `act`, prints its line, maps errors to exit codes (bad input 2, else 1). */
const entryCommand = <T>(
  meta: Pick<Command, 'name' | 'summary' | 'usage'>,
  act: (deps: LocalCore['deps'], input: DoNotContactInput, trace: TraceEnvelope) => ResultAsync<T, EntryError>,
  line: (value: T) => string,
): Command => ({
  ...meta,
  async run(args, env, io) {
    const { values, positionals } = entryArgs(args);
    if (positionals.length !== 1 || !values.reason) return usageError(io, meta.usage);
    return withLocalCore(env, io, async ({ deps }) => {
      const result = await act(deps, { entry: positionals[0]!, note: values.reason! }, cliTrace(values.actor, deps.clock.now().toISOString()));
      if (result.isErr()) {
        io.err(`${errorText(result.error)}\n`);
        return result.error._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
      }
      io.out(`${line(result.value)}\n`);
      return EXIT.ok;
    });
  },
});

/** `caio suppress add ENTRY --reason TEXT [--actor NAME]`: puts an e-mail, LinkedIn profile or domain on the do-not-contact list. */
export const suppressAddCommand = entryCommand(
  {
    name: 'suppress add',
    summary: 'put an e-mail, LinkedIn profile or whole domain on the do-not-contact list',
    usage: 'caio suppress add EMAIL|LINKEDIN_URL|DOMAIN --reason TEXT [--actor NAME]',
  },
  addToDoNotContact,
  (r) => (r.added ? `added ${r.suppression.target}` : `${r.suppression.target} was already on the list (since ${r.suppression.at}, ${r.suppression.source})`),
);

/** `caio suppress remove ENTRY --reason TEXT`: takes an entry off the list (audited with the reason). */
export const suppressRemoveCommand = entryCommand(
  {
    name: 'suppress remove',
    summary: 'take an entry off the do-not-contact list (audited with the reason)',
    usage: 'caio suppress remove EMAIL|LINKEDIN_URL|DOMAIN --reason TEXT [--actor NAME]',
  },
  removeFromDoNotContact,
  (removed) => `removed ${removed.target}`,
);

const row = (s: Suppression): string[] => [s.target, s.reason, s.source, s.actor ?? '', s.at, s.note ?? ''];

/** `caio suppress list [--json]`: every entry, with where it came from (operator, import, or a webhook event). */
export const suppressListCommand: Command = {
  name: 'suppress list',
  summary: 'list the do-not-contact list (operator entries and webhook suppressions)',
  usage: 'caio suppress list [--json]',
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } } });
    return withLocalCore(env, io, async ({ deps }) => {
      const all: Suppression[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await deps.store.listSuppressions({ limit: 1000, ...(after ? { after } : {}) });
        if (page.isErr()) {
          io.err(`cannot list: ${page.error._tag}\n`);
          return EXIT.gateFailed;
        }
        all.push(...page.value.items);
        if (!page.value.next) break;
        after = page.value.next;
      }
      if (values.json) io.out(`${JSON.stringify(all, null, 2)}\n`);
      else io.out(table([['target', 'reason', 'source', 'actor', 'since', 'note'], ...all.map(row)]) + `${all.length} entr${all.length === 1 ? 'y' : 'ies'}\n`);
      return EXIT.ok;
    });
  },
};

/** `caio suppress import FILE.csv`: adds every row (columns entry, reason); one bad row refuses the file. */
export const suppressImportCommand: Command = {
  name: 'suppress import',
  summary: 'add do-not-contact entries from a CSV (columns entry, reason); a bad row refuses the whole file',
  usage: 'caio suppress import FILE.csv [--actor NAME]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { actor: { type: 'string', default: 'cli:import' } } });
    const [file] = positionals;
    if (!file || positionals.length !== 1) return usageError(io, this.usage);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      io.err(`cannot read ${file}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const cells = parseCsv(text);
    const rows = cells.isErr() ? null : doNotContactRows(cells.value);
    if (cells.isErr() || !rows || rows.isErr()) {
      io.err(`${file}: ${cells.isErr() ? cells.error : rows!.isErr() ? rows!.error.message : ''}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const result = await importDoNotContact(deps, rows.value, cliTrace(values.actor, deps.clock.now().toISOString()));
      if (result.isErr()) {
        io.err(`${file}: ${errorText(result.error)}\n`);
        return result.error._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
      }
      io.out(`${result.value.added} entr${result.value.added === 1 ? 'y' : 'ies'} added, ${result.value.existing} already listed\n`);
      return EXIT.ok;
    });
  },
};
