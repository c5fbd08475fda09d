import type { Card, Lead, OutboundChannel, SendError, SendReceipt, SendRequest } from '@caio/core';
import { chunk, providerClient, type ProviderClient, type ProviderConnectionOptions } from '@caio/provider-http';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { z } from 'zod';

export interface InstantlyOptions extends ProviderConnectionOptions {
  /** INSTANTLY_API_KEY (v2 key with leads:create and campaigns:read). */
  readonly apiKey: string;
}

/** Instantly publishes 100 requests/s and 6,000/min per workspace. @category adapters */
export const instantlyClient = (options: InstantlyOptions): ProviderClient =>
  providerClient(
    { name: 'Instantly', baseUrl: 'https://api.instantly.ai/api/v2', headers: { authorization: `Bearer ${options.apiKey}` }, rateLimits: [{ limit: 100, windowMs: 1_000 }, { limit: 6_000, windowMs: 60_000 }] },
    options,
  );

const leadReply = z.looseObject({ id: z.string() });
const bulkReply = z.looseObject({ status: z.string().optional(), leads_uploaded: z.number(), duplicated_leads: z.number().optional(), invalid_email_count: z.number().optional(), remaining_in_plan: z.number().optional() });
const campaignsReply = z.looseObject({ items: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })), next_starting_after: z.string().nullish() });

/** The lead fields Instantly takes, with the card's personalisation as flat custom variables. */
const leadBody = (card: Card, lead: Lead) => ({
  email: lead.identity.email,
  ...(lead.firstName ? { first_name: lead.firstName } : {}),
  ...(lead.lastName ? { last_name: lead.lastName } : {}),
  ...(lead.company ? { company_name: lead.company } : {}),
  ...(lead.title ? { job_title: lead.title } : {}),
  personalization: card.opener,
  // Instantly accepts only flat string/number/boolean/null values here.
  custom_variables: { ...card.personalization, subject: card.subject ?? '', body: card.body, caio_card_id: card.id },
});

/**
 * `instantly`: enrols the lead in the card's campaign (`POST /leads`, field `campaign`),
 * with the skip-if-in-workspace/campaign flags set so Instantly itself refuses a second
 * enrolment. Bulk enrolment for batches goes through `POST /leads/add`, 1,000 per call.
 *
 * @category adapters
 */
export class InstantlyChannel implements OutboundChannel {
  readonly channel = 'instantly' as const;
  readonly sandbox = false;

  constructor(private readonly client: ProviderClient) {}

  send(request: SendRequest): ResultAsync<SendReceipt, SendError> {
    const { card, lead } = request;
    if (!card.campaignId) return errAsync({ _tag: 'SendRejected', message: 'Instantly: the card has no campaign' });
    if (!lead.identity.email) return errAsync({ _tag: 'SendRejected', message: 'Instantly: the lead has no e-mail address' });
    return this.client
      .request({ method: 'POST', path: '/leads', idempotent: false, body: { ...leadBody(card, lead), campaign: card.campaignId, skip_if_in_workspace: true, skip_if_in_campaign: true }, schema: leadReply })
      .map((reply): SendReceipt => ({ leadId: reply.id, campaignId: card.campaignId ?? null }));
  }

  /** Enrols many leads of one campaign, in chunks of at most 1,000. */
  enrolMany(campaignId: string, items: readonly { card: Card; lead: Lead }[]): ResultAsync<{ uploaded: number; duplicated: number; invalid: number }, SendError> {
    return ResultAsync.combine(
      chunk(items, 1000).map((part) =>
        this.client.request({ method: 'POST', path: '/leads/add', idempotent: false, body: { campaign_id: campaignId, leads: part.map(({ card, lead }) => leadBody(card, lead)), skip_if_in_workspace: true, skip_if_in_campaign: true }, schema: bulkReply }),
      ),
    ).map((replies) => ({
      uploaded: replies.reduce((s, r) => s + r.leads_uploaded, 0),
      duplicated: replies.reduce((s, r) => s + (r.duplicated_leads ?? 0), 0),
      invalid: replies.reduce((s, r) => s + (r.invalid_email_count ?? 0), 0),
    }));
  }

  /** Every campaign id, following the cursor (to validate campaign mappings). */
  listCampaigns(): ResultAsync<readonly string[], SendError> {
    const page = (after: string | undefined, acc: string[]): ResultAsync<string[], SendError> =>
      this.client.request({ method: 'GET', path: '/campaigns', query: { limit: 100, starting_after: after }, idempotent: true, schema: campaignsReply }).andThen((reply) => {
        acc.push(...reply.items.map((c) => c.id));
        return reply.next_starting_after ? page(reply.next_starting_after, acc) : okAsync(acc);
      });
    return page(undefined, []);
  }
}
