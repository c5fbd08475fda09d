import type { Card, Lead, OutboundChannel, SendError, SendReceipt, SendRequest } from '@caio/core';
import { sendInChunks, type ChunkOutcome, type ProviderClient } from '@caio/provider-http';
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { z } from 'zod';

const leadReply = z.looseObject({ id: z.string().min(1) });
const bulkReply = z.looseObject({
  status: z.string().optional(),
  total_sent: z.number().optional(),
  leads_uploaded: z.number(),
  duplicated_leads: z.number().optional(),
  invalid_email_count: z.number().optional(),
  remaining_in_plan: z.number().optional(),
});
const campaignsReply = z.looseObject({ items: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })), next_starting_after: z.string().nullish() });

/** Instantly takes at most 1,000 leads per `POST /leads/add`. */
export const INSTANTLY_BULK_LIMIT = 1_000;

/** A card and its lead, as the bulk calls take them. @category adapters */
export interface EnrolItem {
  readonly card: Card;
  readonly lead: Lead;
}

/** The counters of one accepted bulk call. @category model */
export interface BulkEnrolment {
  readonly campaignId: string;
  readonly uploaded: number;
  readonly duplicated: number;
  readonly invalid: number;
}

/** Why Instantly cannot take this card, found before any call. */
const refusal = ({ card, lead }: EnrolItem): SendError | null => {
  if (!card.campaignId) return { _tag: 'SendRejected', message: 'Instantly: the card has no campaign' };
  if (!lead.identity.email) return { _tag: 'SendRejected', message: 'Instantly: the lead has no e-mail address' };
  return null;
};

/** The lead fields Instantly takes, with the card's personalisation as flat custom variables. */
const leadBody = ({ card, lead }: EnrolItem) => ({
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
 * A bulk answer that is not "success" (the plan ran out part-way) processed some leads of
 * the chunk, and Instantly does not say which: unknown for the whole chunk.
 */
const bulkOutcome = (campaignId: string, size: number, reply: z.infer<typeof bulkReply>): Result<BulkEnrolment, SendError> =>
  reply.status !== undefined && reply.status !== 'success'
    ? err({ _tag: 'SendUnknown', message: `Instantly: bulk enrolment answered "${reply.status}" after ${reply.leads_uploaded} of ${size} leads; which were enrolled is unknown` })
    : ok({ campaignId, uploaded: reply.leads_uploaded, duplicated: reply.duplicated_leads ?? 0, invalid: reply.invalid_email_count ?? 0 });

/**
 * `instantly`: enrols the lead in the card's campaign (`POST /leads`, field `campaign`),
 * with the skip-if-in-workspace/campaign flags set so Instantly itself refuses a second
 * enrolment. Bulk enrolment goes through `POST /leads/add`, at most 1,000 per call.
 *
 * @category adapters
 */
export class InstantlyChannel implements OutboundChannel {
  readonly channel = 'instantly' as const;
  readonly sandbox = false;

  constructor(private readonly client: ProviderClient) {}

  send(request: SendRequest): ResultAsync<SendReceipt, SendError> {
    const refused = refusal(request);
    if (refused) return errAsync(refused);
    const campaignId = request.card.campaignId!;
    return this.client
      .request({ method: 'POST', path: '/leads', idempotent: false, body: { ...leadBody(request), campaign: campaignId, skip_if_in_workspace: true, skip_if_in_campaign: true }, schema: leadReply })
      .map((reply): SendReceipt => ({ leadId: reply.id, campaignId }));
  }

  /**
   * Enrols many cards, grouped by their campaign, at most 1,000 per call. One outcome per
   * call (and one per card refused before any call), so each card's fate is known.
   */
  async enrolMany(items: readonly EnrolItem[]): Promise<readonly ChunkOutcome<BulkEnrolment>[]> {
    return sendInChunks(items, {
      refuse: refusal,
      campaignOf: (item) => item.card.campaignId!,
      size: INSTANTLY_BULK_LIMIT,
      send: (campaignId, chunk) =>
        this.client
          .request({ method: 'POST', path: '/leads/add', idempotent: false, body: { campaign_id: campaignId, leads: chunk.map(leadBody), skip_if_in_workspace: true, skip_if_in_campaign: true }, schema: bulkReply })
          .andThen((reply) => bulkOutcome(campaignId, chunk.length, reply)),
    });
  }

  /** Every campaign id, following the cursor (the source of the campaign mapping). */
  listCampaigns(): ResultAsync<readonly string[], SendError> {
    const page = (after: string | undefined, acc: readonly string[]): ResultAsync<readonly string[], SendError> =>
      this.client.request({ method: 'GET', path: '/campaigns', query: { limit: 100, starting_after: after }, idempotent: true, schema: campaignsReply }).andThen((reply) => {
        const ids = [...acc, ...reply.items.map((c) => c.id)];
        return reply.next_starting_after && reply.items.length > 0 ? page(reply.next_starting_after, ids) : okAsync(ids);
      });
    return page(undefined, []);
  }
}
