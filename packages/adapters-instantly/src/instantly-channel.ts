import type { Card, Lead, OutboundChannel, SendError, SendReceipt, SendRequest } from '@caio/core';
import { sendInChunks, type ChunkOutcome, type ProviderClient } from '@caio/provider-http';
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { z } from 'zod';

const leadReply = z.looseObject({ id: z.string().min(1), campaign: z.string().nullish() });
const count = z.number().optional();
const bulkReply = z.looseObject({
  status: z.string().optional(),
  total_sent: count,
  leads_uploaded: z.number(),
  /** Which submitted leads were created: `index` into the request's `leads`. */
  created_leads: z.array(z.looseObject({ index: z.number().int().nonnegative(), id: z.string().min(1) })).optional(),
  skipped_count: count,
  in_blocklist: count,
  duplicated_leads: count,
  duplicate_email_count: count,
  invalid_email_count: count,
  remaining_in_plan: count,
});
type BulkReply = z.infer<typeof bulkReply>;
const campaignsReply = z.looseObject({ items: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })), next_starting_after: z.string().nullish() });

/** Instantly takes at most 1,000 leads per `POST /leads/add`. */
export const INSTANTLY_BULK_LIMIT = 1_000;

/** A card and its lead, as the bulk calls take them. @category adapters */
export interface EnrolItem {
  readonly card: Card;
  readonly lead: Lead;
}

/** One card's lead enrolled by a bulk call (`leadId` null only when Instantly named no ids). @category model */
export interface BulkEnrolment {
  readonly campaignId: string;
  readonly leadId: string | null;
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

const notEnrolled = (reply: BulkReply): string =>
  `Instantly: lead not enrolled (skipped: already in a campaign of the workspace, blocklisted, a duplicate or an invalid address; this call: ${reply.skipped_count ?? 0} skipped, ${reply.in_blocklist ?? 0} in blocklist, ${reply.duplicated_leads ?? 0} duplicated, ${reply.duplicate_email_count ?? 0} duplicate e-mails, ${reply.invalid_email_count ?? 0} invalid)`;

/**
 * Each card's fate from one bulk answer. `created_leads` names the leads Instantly took by
 * their index in the request: those cards are enrolled, every other card of the call was
 * not (skipped, blocklisted, duplicate or invalid: nothing will be sent). An answer without
 * `created_leads` (undocumented) is trusted only when every lead was uploaded and the status
 * is "success"; otherwise which leads were taken is unknown, for the whole call.
 */
const cardOutcomes = (campaignId: string, chunk: readonly EnrolItem[], reply: BulkReply): readonly ChunkOutcome<BulkEnrolment>[] => {
  if (reply.created_leads) {
    const created = new Map(reply.created_leads.map((c) => [c.index, c.id]));
    return chunk.map((item, index) => {
      const leadId = created.get(index);
      return { cardIds: [item.card.id], result: leadId ? ok({ campaignId, leadId }) : err({ _tag: 'SendRejected', message: notEnrolled(reply) }) };
    });
  }
  const all = (reply.status === undefined || reply.status === 'success') && reply.leads_uploaded === chunk.length;
  if (all) return chunk.map((item) => ({ cardIds: [item.card.id], result: ok({ campaignId, leadId: null }) }));
  const status = reply.status ?? 'no status';
  return [{ cardIds: chunk.map((item) => item.card.id), result: err({ _tag: 'SendUnknown', message: `Instantly: bulk enrolment answered "${status}" after ${reply.leads_uploaded} of ${chunk.length} leads without naming them; which were enrolled is unknown` }) }];
};

/**
 * `instantly`: enrols the lead in the card's campaign (`POST /leads`, field `campaign`),
 * with the skip-if-in-workspace/campaign flags set so Instantly itself refuses a second
 * enrolment (`skip_if_in_campaign` means in any campaign of the workspace). A lead
 * Instantly answers with but that sits in another campaign was skipped, not enrolled:
 * refused. Bulk enrolment goes through `POST /leads/add`, at most 1,000 per call.
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
      .andThen((reply): Result<SendReceipt, SendError> =>
        reply.campaign && reply.campaign !== campaignId
          ? err({ _tag: 'SendRejected', message: `Instantly: lead not enrolled: it is already in campaign ${reply.campaign} of the workspace (skip_if_in_campaign)` })
          : ok({ leadId: reply.id, campaignId }),
      );
  }

  /**
   * Enrols many cards, grouped by their campaign, at most 1,000 per call. One outcome per
   * card when Instantly says which leads it created (one per card refused before any
   * call, too); one for a whole call whose fate is unknown (a timeout, a 5xx).
   */
  async enrolMany(items: readonly EnrolItem[]): Promise<readonly ChunkOutcome<BulkEnrolment>[]> {
    const calls = await sendInChunks(items, {
      refuse: refusal,
      campaignOf: (item) => item.card.campaignId!,
      size: INSTANTLY_BULK_LIMIT,
      send: (campaignId, chunk) =>
        this.client
          .request({ method: 'POST', path: '/leads/add', idempotent: false, body: { campaign_id: campaignId, leads: chunk.map(leadBody), skip_if_in_workspace: true, skip_if_in_campaign: true }, schema: bulkReply })
          .map((reply) => cardOutcomes(campaignId, chunk, reply)),
    });
    return calls.flatMap((call) => (call.result.isOk() ? call.result.value : [{ cardIds: call.cardIds, result: err(call.result.error) }]));
  }

  /** Whether Instantly accepts the key: the cheapest authenticated read, one campaign (`GET /campaigns?limit=1`). */
  checkCredentials(): ResultAsync<void, SendError> {
    return this.client.request({ method: 'GET', path: '/campaigns', query: { limit: 1 }, idempotent: true, schema: campaignsReply }).map(() => undefined);
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
