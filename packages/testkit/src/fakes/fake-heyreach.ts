import { HeyReachWebhookEmitter, type HeyReachWebhook } from '../webhooks/heyreach-webhook-emitter.js';
import { FakeProviderServer, header, type FakeReply, type RecordedRequest } from './fake-provider-server.js';

const normalise = (url: string): string => url.trim().toLowerCase().replace(/\/+$/, '');

/**
 * HeyReach public API under `/api/public` (providers.md sections 3 and 6): `X-API-KEY`,
 * `GET /auth/CheckApiKey`, `POST /campaign/GetAll` (items with `creationTime`), `POST
 * /campaign/AddLeadsToCampaignV2` (`resumePausedCampaign` resumes a PAUSED campaign; a
 * profileUrl already present, trailing slash ignored, counts as updated; more than 100
 * pairs or a missing ProfileUrl give the ASP.NET `errors` shape; an unknown campaign
 * `{errorMessage}`), `POST /webhooks/CreateWebhook`. Rate limit 300 per minute.
 *
 * @category testing
 */
export class FakeHeyReach extends FakeProviderServer {
  /** `status`: IN_PROGRESS, or PAUSED (HeyReach pauses a campaign whose list ran empty). */
  readonly campaigns = new Map<number, { name: string; status: 'IN_PROGRESS' | 'PAUSED'; profiles: Set<string> }>();
  readonly webhooks: HeyReachWebhook[] = [];
  /** Delivers events to the registered webhooks, as HeyReach does (see HeyReachWebhookEmitter). */
  readonly webhookEmitter = new HeyReachWebhookEmitter(() => this.webhooks);

  constructor(
    readonly apiKey = 'heyreach-test-key',
    campaigns: readonly number[] = [4242, 1001],
  ) {
    super('/api/public', { limit: 300, windowMs: 60_000 });
    for (const id of campaigns) this.campaigns.set(id, { name: `LinkedIn ${id}`, status: 'IN_PROGRESS', profiles: new Set() });
  }

  protected override rateLimitedReply(retryAfterSeconds: number): FakeReply {
    return { status: 429, body: { errorMessage: 'Rate limit exceeded' }, headers: { 'retry-after': String(retryAfterSeconds) } };
  }

  protected override serverErrorReply(status: number): FakeReply {
    return { status, body: { errorMessage: 'An unexpected error occurred' } };
  }

  protected handle(r: RecordedRequest): FakeReply {
    if (header(r, 'x-api-key') !== this.apiKey) return { status: 401, body: { errorMessage: 'Unauthorized' } };
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (r.method === 'GET' && r.path === '/auth/CheckApiKey') return { status: 200 };
    if (r.method === 'POST' && r.path === '/campaign/GetAll') {
      const all = [...this.campaigns.entries()].map(([id, c]) => ({ id, name: c.name, status: c.status, creationTime: '2026-01-01T00:00:00Z' }));
      const offset = Number(body.offset ?? 0);
      const limit = Math.min(Number(body.limit ?? 100), 100);
      return { status: 200, body: { totalCount: all.length, items: all.slice(offset, offset + limit) } };
    }
    if (r.method === 'POST' && r.path === '/campaign/AddLeadsToCampaignV2') {
      const pairs = Array.isArray(body.accountLeadPairs) ? (body.accountLeadPairs as { lead?: { profileUrl?: string } }[]) : [];
      if (pairs.length === 0 || pairs.length > 100) return { status: 400, body: { errors: { AccountLeadPairs: ['Between 1 and 100 account lead pairs are required.'] } } };
      const missing = pairs.findIndex((p) => !p.lead?.profileUrl);
      if (missing >= 0) return { status: 400, body: { errors: { [`AccountLeadPairs[${missing}].Lead.ProfileUrl`]: ['The ProfileUrl field is required.'] } } };
      const campaign = this.campaigns.get(Number(body.campaignId));
      if (!campaign) return { status: 404, body: { errorMessage: 'Campaign not found' } };
      // Added leads wait in a paused campaign unless the call asks HeyReach to resume it.
      if (campaign.status === 'PAUSED' && body.resumePausedCampaign === true) campaign.status = 'IN_PROGRESS';
      let added = 0;
      let updated = 0;
      for (const pair of pairs) {
        const url = normalise(pair.lead!.profileUrl!);
        if (campaign.profiles.has(url)) updated++;
        else {
          campaign.profiles.add(url);
          added++;
        }
      }
      return { status: 200, body: { addedLeadsCount: added, updatedLeadsCount: updated, failedLeadsCount: 0 } };
    }
    if (r.method === 'POST' && r.path === '/webhooks/CreateWebhook') {
      if (typeof body.webhookUrl !== 'string' || typeof body.eventType !== 'string') return { status: 400, body: { errors: { WebhookUrl: ['The WebhookUrl field is required.'], EventType: ['The EventType field is required.'] } } };
      const campaignIds = Array.isArray(body.campaignIds) ? body.campaignIds.map(Number) : undefined;
      const webhook: HeyReachWebhook = { id: this.webhooks.length + 1, webhookName: String(body.webhookName ?? ''), webhookUrl: body.webhookUrl, eventType: body.eventType, ...(campaignIds ? { campaignIds } : {}) };
      this.webhooks.push(webhook);
      return { status: 200, body: { ...body, id: webhook.id } };
    }
    return { status: 404, body: { errorMessage: `No route ${r.method} ${r.path}` } };
  }
}
