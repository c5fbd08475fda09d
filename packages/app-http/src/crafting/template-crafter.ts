import { channelIsEmail, identityKeys, normalisePersonalization, type CardCrafter, type CardDraft, type CraftError, type CraftRequest, type Lead } from '@caio/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { DEFAULT_TEMPLATES, pickTemplate, renderTemplate, type TemplateSet } from './message-templates.js';
import { pageTopic } from './page-topic.js';

const TECH_KEYS = ['tech', 'tech_stack', 'technologies', 'uses'] as const;

const firstSignal = (lead: Lead, keys: readonly string[]): unknown => keys.map((k) => lead.signals[k]).find((v) => v !== undefined && v !== '');

/**
 * The default `CardCrafter`: deterministic templates, no model calls, so a pipeline run
 * is reproducible. Tier 1 openers are built from the lead's signals (tech stack, hiring,
 * pages visited), with signal lists normalised into prose, never raw literals.
 *
 * @category adapters
 */
export class TemplateCrafter implements CardCrafter {
  /** `templates`: the message copy (TEMPLATES_DIR over the built-in copy, see `loadTemplates`). */
  constructor(private readonly templates: TemplateSet = DEFAULT_TEMPLATES) {}

  craft(request: CraftRequest): ResultAsync<CardDraft, CraftError> {
    const { lead, channel, step } = request;
    const company = lead.company ?? 'your team';
    const name = lead.firstName ?? 'there';
    const tech = firstSignal(lead, TECH_KEYS);
    const hiring = lead.signals.hiring;
    const visited = lead.signals.page_visited ?? lead.signals.captured_url;
    // A visit is a topic ("pricing"), never a raw path; an unreadable one is no signal.
    const page = visited === undefined ? null : pageTopic(String(visited));
    const opener =
      step > 0
        ? `Circling back on my note about ${company}.`
        : tech !== undefined
          ? `Noticed ${company} already uses ${normalisePersonalization(tech)}, which usually makes implementation move faster.`
          : hiring
            ? `Saw ${company} is hiring${typeof hiring === 'string' ? ` for ${hiring}` : ''}, which often means the outbound motion is scaling.`
            : page
              ? `Noticed someone at ${company} was looking into ${page} on our site.`
              : '';
    if (!opener) {
      return errAsync({ _tag: 'CraftError', leadId: lead.id, message: 'no signal to personalise from (tech, hiring or pages visited)' });
    }
    const keys = identityKeys(lead.identity);
    if (!channelIsEmail(channel) && !lead.identity.linkedin) {
      return errAsync({ _tag: 'CraftError', leadId: lead.id, message: 'a LinkedIn card needs the lead\'s LinkedIn profile' });
    }
    // The opener is a sentence of its own; inside the greeting it continues in lower case.
    const inline = opener.charAt(0).toLowerCase() + opener.slice(1);
    const template = pickTemplate(this.templates, channel, request.campaignId, step);
    if (!template) return errAsync({ _tag: 'CraftError', leadId: lead.id, message: `no message template for ${channel}` });
    const values = { first_name: name, last_name: lead.lastName ?? '', company, title: lead.title ?? '', opener, opener_inline: inline };
    const body = renderTemplate(template.body, values);
    return okAsync({
      leadId: lead.id,
      leadKeys: keys,
      tier: lead.tier,
      sourceLabel: lead.sourceLabel,
      channel,
      ...(request.campaignId !== undefined ? { campaignId: request.campaignId } : {}),
      ...(channelIsEmail(channel) && template.subject ? { subject: renderTemplate(template.subject, values) } : {}),
      body,
      opener,
      personalization: { first_name: name, company, opener },
      step,
    });
  }
}
