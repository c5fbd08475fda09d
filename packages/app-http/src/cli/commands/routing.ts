import { CHANNELS, setRoutingRules, TIERS, type Channel, type RoutingRule, type Tier, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/** `LABEL:TIER=CHANNEL[:CAMPAIGN]`, `*` for any label or tier; tier `1`, `tier_1`... */
const parseRule = (text: string): RoutingRule | string => {
  const match = /^([^:=]+):([^=]+)=([a-z_]+)(?::(.+))?$/.exec(text.trim());
  if (!match) return `"${text}" is not LABEL:TIER=CHANNEL[:CAMPAIGN]`;
  const tierText = match[2]!.trim();
  const tier = tierText === '*' ? '*' : TIERS.find((t) => t === tierText || t === `tier_${tierText}`);
  const channel = CHANNELS.find((c) => c === match[3]);
  if (!tier) return `"${tierText}" is not a tier (1, 2, 3 or *)`;
  if (!channel) return `"${match[3]}" is not a channel (${CHANNELS.join(', ')})`;
  return { sourceLabel: match[1]!.trim(), tier: tier as Tier | '*', channel: channel as Channel, ...(match[4] ? { campaignId: match[4].trim() } : {}) };
};

const show = (rules: readonly RoutingRule[]): string => table([['label', 'tier', 'channel', 'campaign'], ...rules.map((r) => [r.sourceLabel, r.tier, r.channel, r.campaignId ?? '-'])]);

/** `caio routing list` and `caio routing set --rule L:T=C[:ID] ...`: the campaign routing rules in the store. */
export const routingListCommand: Command = {
  name: 'routing list',
  summary: 'the campaign routing rules (source label and tier -> channel and campaign)',
  usage: 'caio routing list',
  async run(args, env, io) {
    parseArgs({ args: [...args], options: {} });
    return withLocalCore(env, io, async ({ deps }) => {
      const controls = await deps.store.getControls();
      if (controls.isErr()) {
        io.err(`cannot read the rules: ${controls.error._tag}\n`);
        return EXIT.gateFailed;
      }
      io.out(show(controls.value.routing ?? []));
      return EXIT.ok;
    });
  },
};

export const routingSetCommand: Command = {
  name: 'routing set',
  summary: 'replace the routing rules; each campaign must be one the provider lists',
  usage: 'caio routing set --rule LABEL:TIER=CHANNEL[:CAMPAIGN] [--rule ...] [--actor NAME]   (no --rule: no rules)',
  async run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { rule: { type: 'string', multiple: true, default: [] }, actor: { type: 'string', default: 'cli' } } });
    const parsed = values.rule.map(parseRule);
    const bad = parsed.filter((r): r is string => typeof r === 'string');
    if (bad.length > 0) {
      io.err(`${bad.join('\n')}\nusage: ${this.usage}\n`);
      return EXIT.usage;
    }
    return withLocalCore(env, io, async ({ deps }) => {
      const trace = { traceId: `trace_routing_${Date.now()}` as TraceId, actor: values.actor, at: deps.clock.now().toISOString(), origin: 'cli' as const };
      const result = await setRoutingRules(deps, { rules: parsed as RoutingRule[], trace });
      if (result.isErr()) {
        io.err(`not changed: ${'message' in result.error ? `${'field' in result.error ? `${String(result.error.field)} ` : ''}${result.error.message}` : result.error._tag}\n`);
        return EXIT.gateFailed;
      }
      io.out(show(result.value));
      return EXIT.ok;
    });
  },
};
