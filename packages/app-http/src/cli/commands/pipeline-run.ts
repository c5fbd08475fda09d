import { campaignIsSendable, checkCampaign, createCard, DEFAULT_QUALITY_CONFIG, isChannel, leadKeys, routeFor, runQualityGate, suppressionTargetsForLead, type CardId, type Channel, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/**
 * `caio pipeline run --source LABEL --limit N [--channel C] [--campaign ID] [--dry-run]`:
 * leads of that source label without a card are crafted into cards, run through the
 * quality gate, and queued as pending; Tier 1 cards that fail the gate never reach the
 * queue: they are stored as `held` with the gate's findings (the quality report counts
 * them). People on the do-not-contact list (by any key, e-mail domain or company domain)
 * are skipped. Prints what it made and why anything was held back.
 */
export const pipelineRunCommand: Command = {
  name: 'pipeline run',
  summary: 'craft cards for leads of a source label and queue those that pass the gate',
  usage: 'caio pipeline run --source LABEL --limit N [--channel ghl_email|instantly|heyreach] [--campaign ID] [--dry-run]',
  async run(args, env, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { source: { type: 'string' }, limit: { type: 'string' }, channel: { type: 'string' }, campaign: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    });
    const limit = Number(values.limit);
    if (!values.source || !Number.isInteger(limit) || limit < 1 || (values.channel !== undefined && !isChannel(values.channel))) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.usage;
    }
    const stated: Channel | undefined = isChannel(values.channel) ? values.channel : undefined;
    const source = values.source;
    return withLocalCore(env, io, async ({ deps, crafter }) => {
      const controls = await deps.store.getControls();
      if (controls.isErr()) {
        io.err(`cannot read the routing rules: ${controls.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const rules = controls.value.routing ?? [];
      const trace = { traceId: `trace_pipeline_${Date.now()}` as TraceId, actor: 'cli:pipeline', at: deps.clock.now().toISOString(), origin: 'pipeline' as const };
      const rows: string[][] = [['lead', 'result', 'detail']];
      let queued = 0;
      let seen = 0;
      let after: string | undefined;
      while (queued < limit) {
        const page = await deps.store.listLeads({ sourceLabel: source, limit: 100, ...(after ? { after } : {}) });
        if (page.isErr()) {
          io.err(`cannot list leads: ${page.error._tag}\n`);
          return EXIT.gateFailed;
        }
        for (const lead of page.value.items) {
          if (queued >= limit) break;
          if (++seen % 100 === 0) io.err(`${seen} lead(s) examined, ${queued} card(s) so far\n`);
          const existing = await deps.store.listCards({ leadId: lead.id, limit: 1 });
          if (existing.isOk() && existing.value.items.length > 0) continue;
          // Suppressed people never reach the review queue (the claim would deny them anyway).
          const suppressed = await deps.store.findSuppressions(suppressionTargetsForLead(leadKeys(lead), lead.companyDomain));
          if (suppressed.isErr() || suppressed.value.length > 0) {
            rows.push([lead.id, 'skipped', suppressed.isErr() ? `cannot read the do-not-contact list: ${suppressed.error._tag}` : `do not contact: ${suppressed.value[0]!.target}`]);
            continue;
          }
          // --channel/--campaign, else the routing rule of the lead's label and tier, else GHL e-mail.
          const rule = stated ? undefined : routeFor(rules, lead);
          const channel: Channel = stated ?? rule?.channel ?? 'ghl_email';
          const campaignId = stated ? values.campaign : rule?.campaignId;
          // An unmapped campaign never enters the review queue (it would only be separated later).
          const check = checkCampaign(channel, campaignId, deps.campaigns());
          if (!campaignIsSendable(check)) {
            rows.push([lead.id, 'held back', check._tag === 'Missing' ? `${channel} needs a campaign (--campaign, or a routing rule)` : `campaign ${campaignId} is not one ${channel} lists`]);
            continue;
          }
          const draft = await crafter.craft({ lead, channel, step: 0, ...(campaignId ? { campaignId } : {}) });
          if (draft.isErr()) {
            rows.push([lead.id, 'held back', draft.error.message]);
            continue;
          }
          const quality = runQualityGate(draft.value, DEFAULT_QUALITY_CONFIG);
          const card = createCard(deps.ids.next('card') as CardId, draft.value, quality, trace.at);
          if (card.isErr()) {
            rows.push([lead.id, 'held back', card.error.message]);
            continue;
          }
          if (!quality.passed && lead.tier === 'tier_1') {
            // Kept as `held` with its findings (never reviewed or sent): the quality report counts it.
            const findings = quality.hits.map((h) => h.detail).join('; ');
            if (!values['dry-run']) {
              const held = await deps.store.putCard({ ...card.value, status: 'held' }, null);
              if (held.isOk()) await deps.store.appendAudit({ id: deps.ids.next('audit'), trace, action: 'card.held', cardId: card.value.id, leadId: lead.id, detail: { channel, findings: quality.hits } });
            }
            rows.push([lead.id, 'held back', `quality gate: ${findings}`]);
            continue;
          }
          if (!values['dry-run']) {
            const saved = await deps.store.putCard(card.value, null);
            if (saved.isErr()) {
              rows.push([lead.id, 'failed', saved.error._tag]);
              continue;
            }
            await deps.store.appendAudit({ id: deps.ids.next('audit'), trace, action: 'card.crafted', cardId: card.value.id, leadId: lead.id, detail: { channel, quality: quality.passed } });
          }
          queued++;
          rows.push([lead.id, values['dry-run'] ? 'would queue' : 'queued', card.value.opener]);
        }
        if (!page.value.next) break;
        after = page.value.next;
      }
      io.out(table(rows));
      io.out(`${queued} card(s) ${values['dry-run'] ? 'would be queued (dry run: nothing written)' : 'queued for review'}\n`);
      return EXIT.ok;
    });
  },
};
