import { linkedInUrl, type Card, type Lead, type OutboundChannel, type SendError, type SendReceipt, type SendRequest } from '@caio/core';
import { sendInChunks, type ChunkOutcome, type ProviderClient } from '@caio/provider-http';
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { z } from 'zod';

const addReply = z.looseObject({ addedLeadsCount: z.number(), updatedLeadsCount: z.number(), failedLeadsCount: z.number() });
const campaignsReply = z.looseObject({ totalCount: z.number(), items: z.array(z.looseObject({ id: z.number(), name: z.string().optional(), status: z.string().optional() })) });

/** HeyReach takes at most 100 account-lead pairs per `AddLeadsToCampaignV2`. */
export const HEYREACH_BULK_LIMIT = 100;

/** A card and its lead, as the bulk call takes them. @category adapters */
export interface LeadItem {
  readonly card: Card;
  readonly lead: Lead;
}

/** The counters of one accepted `AddLeadsToCampaignV2` call. @category model */
export interface CampaignAddition {
  readonly campaignId: number;
  readonly added: number;
  readonly updated: number;
}

/** Why HeyReach cannot take this card, found before any call. */
const refusal = ({ card, lead }: LeadItem): SendError | null => {
  if (!card.campaignId || !/^\d+$/.test(card.campaignId)) return { _tag: 'SendRejected', message: 'HeyReach: the card has no numeric campaign id' };
  if (!lead.identity.linkedin) return { _tag: 'SendRejected', message: 'HeyReach: the lead has no LinkedIn profile' };
  return null;
};

const pair = ({ card, lead }: LeadItem) => ({
  linkedInAccountId: null,
  lead: {
    profileUrl: linkedInUrl(lead.identity.linkedin!),
    ...(lead.firstName ? { firstName: lead.firstName } : {}),
    ...(lead.lastName ? { lastName: lead.lastName } : {}),
    ...(lead.company ? { companyName: lead.company } : {}),
    ...(lead.title ? { position: lead.title } : {}),
    ...(lead.identity.email ? { emailAddress: lead.identity.email } : {}),
    // Sequences reference these as {name}.
    customUserFields: [...Object.entries(card.personalization).map(([name, value]) => ({ name, value })), { name: 'message', value: card.body }],
  },
});

/**
 * All failed: refused, nothing added. Some failed: HeyReach does not say which, so the
 * call's cards are unknown.
 */
const additionOutcome = (campaignId: number, reply: z.infer<typeof addReply>): Result<CampaignAddition, SendError> => {
  const accepted = reply.addedLeadsCount + reply.updatedLeadsCount;
  if (reply.failedLeadsCount === 0 && accepted > 0) return ok({ campaignId, added: reply.addedLeadsCount, updated: reply.updatedLeadsCount });
  if (accepted === 0) return err({ _tag: 'SendRejected', message: `HeyReach: no lead was added (${reply.failedLeadsCount} failed)` });
  return err({ _tag: 'SendUnknown', message: `HeyReach: ${accepted} leads added and ${reply.failedLeadsCount} failed; which ones is unknown` });
};

/** @category adapters */
export interface HeyReachChannelOptions {
  /**
   * Send `resumePausedCampaign: true` with every addition (HEYREACH_RESUME_PAUSED_CAMPAIGN,
   * default true): HeyReach pauses a campaign whose lead list ran empty, and leads added
   * to a paused campaign otherwise wait until someone resumes it by hand.
   */
  readonly resumePausedCampaign?: boolean;
}

/**
 * `heyreach`: adds the lead to the card's LinkedIn campaign through
 * `AddLeadsToCampaignV2` (`profileUrl` with a trailing slash, custom user fields; HeyReach
 * picks the sender), resuming a campaign HeyReach paused for an empty list unless told
 * not to. A card whose lead has no LinkedIn profile is refused before any call.
 *
 * @category adapters
 */
export class HeyReachChannel implements OutboundChannel {
  readonly channel = 'heyreach' as const;
  readonly sandbox = false;
  private readonly resumePausedCampaign: boolean;

  constructor(
    private readonly client: ProviderClient,
    options: HeyReachChannelOptions = {},
  ) {
    this.resumePausedCampaign = options.resumePausedCampaign ?? true;
  }

  send(request: SendRequest): ResultAsync<SendReceipt, SendError> {
    const refused = refusal(request);
    if (refused) return errAsync(refused);
    return this.add(Number(request.card.campaignId), [request]).map((added): SendReceipt => ({ ...added }));
  }

  /**
   * Adds many cards, grouped by their campaign, at most 100 pairs per call. One outcome
   * per call (and one per card refused before any call), so each card's fate is known.
   */
  async addMany(items: readonly LeadItem[]): Promise<readonly ChunkOutcome<CampaignAddition>[]> {
    return sendInChunks(items, { refuse: refusal, campaignOf: (item) => Number(item.card.campaignId), size: HEYREACH_BULK_LIMIT, send: (campaignId, chunk) => this.add(campaignId, chunk) });
  }

  /** Every campaign id, paging `POST /campaign/GetAll` (the source of the campaign mapping). */
  listCampaigns(): ResultAsync<readonly string[], SendError> {
    const page = (offset: number, acc: readonly string[]): ResultAsync<readonly string[], SendError> =>
      this.client.request({ method: 'POST', path: '/campaign/GetAll', idempotent: true, body: { offset, limit: 100 }, schema: campaignsReply }).andThen((reply) => {
        const ids = [...acc, ...reply.items.map((c) => String(c.id))];
        return reply.items.length > 0 && ids.length < reply.totalCount ? page(offset + reply.items.length, ids) : okAsync(ids);
      });
    return page(0, []);
  }

  /** Whether HeyReach accepts the key (`GET /auth/CheckApiKey`: 200 with an empty body, or 401). */
  checkApiKey(): ResultAsync<boolean, SendError> {
    return this.client
      .request({ method: 'GET', path: '/auth/CheckApiKey', idempotent: true, schema: z.null() })
      .map(() => true)
      .orElse((error) => (error._tag === 'SendRejected' && error.status === 401 ? ok(false) : err(error)));
  }

  private add(campaignId: number, items: readonly LeadItem[]): ResultAsync<CampaignAddition, SendError> {
    return this.client
      .request({ method: 'POST', path: '/campaign/AddLeadsToCampaignV2', idempotent: false, body: { campaignId, accountLeadPairs: items.map(pair), resumePausedCampaign: this.resumePausedCampaign }, schema: addReply })
      .andThen((reply) => additionOutcome(campaignId, reply));
  }
}
