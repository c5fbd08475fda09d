import { identityKeys, type CardCrafter, type CardDraft, type CraftError, type CraftRequest } from '@caio/core';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';

/**
 * A `CardCrafter` that writes a plain, valid draft for every lead (or the draft a test
 * scripts for a lead id), and fails for leads listed in `failFor`. `requests` records
 * every call.
 *
 * @category testing
 */
export class ScriptedCardCrafter implements CardCrafter {
  readonly requests: CraftRequest[] = [];
  readonly scripted = new Map<string, Partial<CardDraft>>();
  readonly failFor = new Set<string>();

  craft(request: CraftRequest): ResultAsync<CardDraft, CraftError> {
    this.requests.push(request);
    const { lead, channel, step } = request;
    if (this.failFor.has(lead.id)) return errAsync({ _tag: 'CraftError', leadId: lead.id, message: 'scripted failure' });
    return okAsync({
      leadId: lead.id,
      leadKeys: identityKeys(lead.identity),
      tier: lead.tier,
      channel,
      ...(request.campaignId !== undefined ? { campaignId: request.campaignId } : {}),
      subject: `A note for ${lead.company ?? lead.firstName ?? 'you'}`,
      body: `Hi ${lead.firstName ?? 'there'}, a short, specific note about ${lead.company ?? 'your team'} and what we saw.`,
      opener: `A specific note about ${lead.company ?? 'your team'}.`,
      step,
      ...(this.scripted.get(lead.id) ?? {}),
    });
  }
}
