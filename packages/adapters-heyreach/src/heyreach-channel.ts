import { linkedInUrl, type Card, type Lead, type OutboundChannel, type SendError, type SendReceipt, type SendRequest } from '@caio/core';
import { chunk, providerClient, type ProviderClient, type ProviderConnectionOptions } from '@caio/provider-http';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { z } from 'zod';

export interface HeyReachOptions extends ProviderConnectionOptions {
  /** HEYREACH_API_KEY. */
  readonly apiKey: string;
}

/** HeyReach publishes 300 requests per minute. @category adapters */
export const heyReachClient = (options: HeyReachOptions): ProviderClient =>
  providerClient({ name: 'HeyReach', baseUrl: 'https://api.heyreach.io/api/public', headers: { 'x-api-key': options.apiKey }, rateLimits: [{ limit: 300, windowMs: 60_000 }] }, options);

const addReply = z.looseObject({ addedLeadsCount: z.number(), updatedLeadsCount: z.number(), failedLeadsCount: z.number() });
const campaignsReply = z.looseObject({ totalCount: z.number(), items: z.array(z.looseObject({ id: z.number(), name: z.string().optional(), status: z.string().optional() })) });

const pair = (card: Card, lead: Lead) => ({
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
 * `heyreach`: adds the lead to the card's LinkedIn campaign through
 * `AddLeadsToCampaignV2` (`profileUrl`, custom user fields; HeyReach picks the sender).
 * A card whose lead has no LinkedIn profile is refused before any call.
 *
 * @category adapters
 */
export class HeyReachChannel implements OutboundChannel {
  readonly channel = 'heyreach' as const;
  readonly sandbox = false;

  constructor(private readonly client: ProviderClient) {}

  send(request: SendRequest): ResultAsync<SendReceipt, SendError> {
    const { card, lead } = request;
    const campaignId = Number(card.campaignId);
    if (!card.campaignId || !Number.isInteger(campaignId)) return errAsync({ _tag: 'SendRejected', message: 'HeyReach: the card has no numeric campaign id' });
    if (!lead.identity.linkedin) return errAsync({ _tag: 'SendRejected', message: 'HeyReach: the lead has no LinkedIn profile' });
    return this.client
      .request({ method: 'POST', path: '/campaign/AddLeadsToCampaignV2', idempotent: false, body: { campaignId, accountLeadPairs: [pair(card, lead)] }, schema: addReply })
      .andThen((reply): ResultAsync<SendReceipt, SendError> =>
        reply.addedLeadsCount + reply.updatedLeadsCount === 0
          ? errAsync({ _tag: 'SendRejected', message: `HeyReach: the lead was not added (${reply.failedLeadsCount} failed)` })
          : okAsync({ campaignId, added: reply.addedLeadsCount, updated: reply.updatedLeadsCount }),
      );
  }

  /** Adds many leads to one campaign, 100 pairs per call. */
  addMany(campaignId: number, items: readonly { card: Card; lead: Lead }[]): ResultAsync<{ added: number; updated: number; failed: number }, SendError> {
    return ResultAsync.combine(chunk(items, 100).map((part) => this.client.request({ method: 'POST', path: '/campaign/AddLeadsToCampaignV2', idempotent: false, body: { campaignId, accountLeadPairs: part.map(({ card, lead }) => pair(card, lead)) }, schema: addReply }))).map(
      (replies) => ({ added: replies.reduce((s, r) => s + r.addedLeadsCount, 0), updated: replies.reduce((s, r) => s + r.updatedLeadsCount, 0), failed: replies.reduce((s, r) => s + r.failedLeadsCount, 0) }),
    );
  }

  listCampaigns(): ResultAsync<readonly string[], SendError> {
    const page = (offset: number, acc: string[]): ResultAsync<string[], SendError> =>
      this.client.request({ method: 'POST', path: '/campaign/GetAll', idempotent: true, body: { offset, limit: 100 }, schema: campaignsReply }).andThen((reply) => {
        acc.push(...reply.items.map((c) => String(c.id)));
        return offset + reply.items.length < reply.totalCount && reply.items.length > 0 ? page(offset + reply.items.length, acc) : okAsync(acc);
      });
    return page(0, []);
  }

  checkApiKey(): ResultAsync<boolean, SendError> {
    return this.client.request({ method: 'GET', path: '/auth/CheckApiKey', idempotent: true, schema: z.null() }).map(() => true);
  }
}
