import { erasePerson, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/**
 * `caio leads erase EMAIL|LINKEDIN_URL|LEAD_ID --reason TEXT [--yes] [--actor NAME]`:
 * erases a person (GDPR Art. 17) from the store, keeping hashed tombstones so they are
 * never re-created. Asks for confirmation unless `--yes`.
 */
export const leadsEraseCommand: Command = {
  name: 'leads erase',
  summary: "erase a person's personal data everywhere (GDPR Art. 17), keeping a hashed tombstone",
  usage: 'caio leads erase EMAIL|LINKEDIN_URL|LEAD_ID --reason TEXT [--yes] [--actor NAME]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { reason: { type: 'string' }, yes: { type: 'boolean' }, actor: { type: 'string', default: 'cli:operator' } } });
    const [subject] = positionals;
    if (!subject || positionals.length !== 1 || !values.reason) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    if (!values.yes && !(await io.confirm(`Erase ${subject} and everything the store holds about them? This cannot be undone.`))) {
      io.err('not confirmed; nothing changed (pass --yes to skip the question)\n');
      return EXIT.gateFailed;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = { traceId: `trace_erase_${Date.now()}` as TraceId, actor: values.actor, at: deps.clock.now().toISOString(), origin: 'cli' as const };
      const result = await erasePerson(deps, { subject, reason: values.reason!, trace });
      if (result.isErr()) {
        const e = result.error;
        io.err(e._tag === 'NotFound' ? `no lead ${e.id}; nothing changed\n` : e._tag === 'ValidationError' ? `${e.field}: ${e.message}\n` : `${e._tag}\n`);
        return e._tag === 'ValidationError' ? EXIT.usage : EXIT.gateFailed;
      }
      const { report, tombstones, leadId } = result.value;
      io.out(
        `erased ${leadId ?? subject}: ${report.leads} lead(s), ${report.cardsDeleted} unsent card(s) deleted, ${report.cardsRedacted} sent card(s) redacted, ` +
          `${report.ledgerEntries} ledger entr(ies), ${report.inboxEvents} inbox event(s), ${report.quarantined} quarantined deliver(ies), ${report.auditEntries} audit entr(ies) redacted; ` +
          `${tombstones} tombstone(s) keep the person suppressed\n`,
      );
      return EXIT.ok;
    });
  },
};
