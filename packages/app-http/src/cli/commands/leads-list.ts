import { leadDetail, parseLeadId, searchLeads } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';
import { leadSearchSchema, toLeadSearch } from '../../leads/lead-search-schema.js';

const name = (l: { firstName?: string; lastName?: string }) => [l.firstName, l.lastName].filter(Boolean).join(' ') || '-';

/** `caio leads list [filters] [--json]`: one page of leads, filtered as `GET /api/leads` filters them. */
export const leadsListCommand: Command = {
  name: 'leads list',
  summary: 'list and search leads: text, source, label, tier, status, replied, suppressed; cursor pages',
  usage: 'caio leads list [--q TEXT] [--source clay|rb2b|import|manual] [--label LABEL] [--tier 1|2|3] [--status new|pending|sent|...] [--replied true|false] [--suppressed true|false] [--limit N] [--cursor C] [--json]',
  async run(args, env, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        q: { type: 'string' },
        source: { type: 'string' },
        label: { type: 'string' },
        tier: { type: 'string' },
        status: { type: 'string' },
        replied: { type: 'string' },
        suppressed: { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const { json, ...rest } = values;
    const parsed = leadSearchSchema.safeParse(rest);
    if (!parsed.success) {
      io.err(`${parsed.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('\n')}\nusage: ${this.usage}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const page = await searchLeads(deps, toLeadSearch(parsed.data));
      if (page.isErr()) {
        io.err(`cannot list leads: ${page.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const { items, next, scanned } = page.value;
      if (json) {
        io.out(`${JSON.stringify(page.value, null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(
        table([
          ['lead', 'name', 'company', 'email', 'tier', 'source', 'label', 'status', 'replied', 'suppressed'],
          ...items.map((o) => [o.lead.id, name(o.lead), o.lead.company ?? '-', o.lead.identity.email ?? '-', o.lead.tier, o.lead.source, o.lead.sourceLabel, o.status, o.replied ? 'yes' : 'no', o.suppressed ? 'yes' : 'no']),
        ]),
      );
      io.out(next ? `${items.length} lead(s) of ${scanned} read; next page: --cursor ${next}\n` : `${items.length} lead(s); last page\n`);
      return EXIT.ok;
    });
  },
};

/** `caio leads show ID [--json]`: one lead's page. */
export const leadsShowCommand: Command = {
  name: 'leads show',
  summary: "one lead: fields, identity keys, cards, sends, receipts, events, suppressions",
  usage: 'caio leads show LEAD_ID [--json]',
  async run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
    const id = parseLeadId(positionals[0] ?? '');
    if (positionals.length !== 1 || id.isErr()) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const detail = await leadDetail(deps, id.value);
      if (detail.isErr()) {
        io.err(`cannot read the lead: ${detail.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const d = detail.value;
      if (!d) {
        io.err(`no lead ${id.value}\n`);
        return EXIT.gateFailed;
      }
      if (values.json) {
        io.out(`${JSON.stringify(d, null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(`${d.lead.id}  ${name(d.lead)}  status ${d.status}${d.replied ? ', replied' : ''}${d.suppressed ? ', suppressed' : ''}\n`);
      io.out(`identity keys: ${d.identityKeys.join(', ')}\n\n`);
      io.out(table([['field', 'value', 'from'], ...d.fields.map((f) => [f.name, f.value, f.provenance])]));
      io.out(`\ncards\n${table([['card', 'step', 'channel', 'campaign', 'status', 'created'], ...d.cards.map((c) => [c.id, String(c.step), c.channel, c.campaignId ?? '-', c.status, c.createdAt])])}`);
      io.out(`\nsends\n${table([['card', 'step', 'channel', 'state', 'claimed', 'receipt'], ...d.touches.map((t) => [t.cardId, String(t.step), t.channel, t.state, t.claimedAt, t.receipt ? JSON.stringify(t.receipt) : '-'])])}`);
      io.out(`\nevents\n${table([['at', 'action', 'card'], ...d.history.map((e) => [e.trace.at, e.action, e.cardId ?? '-'])])}`);
      io.out(`\nsuppressions\n${table([['target', 'reason', 'source', 'at'], ...d.suppressions.map((s) => [s.target, s.reason, s.source, s.at])])}`);
      io.out(`\ncadence stops\n${table([['key', 'reason', 'at'], ...d.cadenceStops.map((s) => [s.identityKey, s.reason, s.at])])}`);
      return EXIT.ok;
    });
  },
};
