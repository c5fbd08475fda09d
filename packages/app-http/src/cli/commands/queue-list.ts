import { queueQueryFor } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';
import { queueFiltersSchema, toQueueFilters } from '../../queue/queue-filters-schema.js';

/**
 * `caio queue list [filters] [--json]`: one page of the review queue from the store,
 * filtered as `GET /api/queue` filters it; prints the cursor of the next page.
 */
export const queueListCommand: Command = {
  name: 'queue list',
  summary: 'list pending cards: filter by tier, channel, campaign, source, age; cursor pages',
  usage:
    'caio queue list [--preset fresh_tier_1] [--tier 1|2|3] [--channel C] [--campaign ID] [--source LABEL] [--max-age-hours H] [--min-age-hours H] [--order oldest|newest] [--limit N] [--cursor C] [--json]',
  async run(args, env, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        preset: { type: 'string' },
        tier: { type: 'string' },
        channel: { type: 'string' },
        campaign: { type: 'string' },
        source: { type: 'string' },
        'max-age-hours': { type: 'string' },
        'min-age-hours': { type: 'string' },
        order: { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const { json, ...rest } = values;
    const parsed = queueFiltersSchema.safeParse(Object.fromEntries(Object.entries(rest).map(([k, v]) => [k.replaceAll('-', '_'), v])));
    if (!parsed.success) {
      io.err(`${parsed.error.issues.map((i) => `--${String(i.path[0] ?? '').replaceAll('_', '-')}: ${i.message}`).join('\n')}\nusage: ${this.usage}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const page = await deps.store.listQueue(queueQueryFor(toQueueFilters(parsed.data), deps.clock.now()));
      if (page.isErr()) {
        io.err(`cannot list the queue: ${page.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const { items, next } = page.value;
      if (json) {
        io.out(`${JSON.stringify({ items, ...(next ? { next } : {}) }, null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(table([['card', 'tier', 'channel', 'campaign', 'source', 'created', 'lead'], ...items.map((c) => [c.id, c.tier, c.channel, c.campaignId ?? '-', c.sourceLabel ?? '-', c.createdAt, c.leadId])]));
      io.out(next ? `${items.length} card(s); next page: --cursor ${next}\n` : `${items.length} card(s); last page\n`);
      return EXIT.ok;
    });
  },
};
