import { InstantlyWebhookEmitter, type InstantlyWebhook } from '../webhooks/instantly-webhook-emitter.js';
import { FakeProviderServer, header, type FakeReply, type RecordedRequest } from './fake-provider-server.js';

interface InstantlyLead {
  id: string;
  email: string;
  /** The campaign id, or `list:<id>` for a lead added to a list. */
  campaign: string;
  custom_variables: Record<string, unknown>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const flat = (vars: unknown): boolean => vars === undefined || (typeof vars === 'object' && vars !== null && !Array.isArray(vars) && Object.values(vars).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)));

/**
 * Instantly API v2 under `/api/v2` (providers.md sections 2 and 6): Bearer keys, `POST
 * /leads` (campaign in the field `campaign`), `POST /leads/add` answering as documented
 * (`created_leads[{index, id}]` and the skipped, blocklisted, duplicate and invalid
 * counters), the skip flags honoured (`skip_if_in_campaign`: in any campaign of the
 * workspace), a `blocklist`, campaign listing with cursors, webhooks (delivered by
 * `webhookEmitter`); 400 for a bad e-mail, nested custom variables, both `campaign_id` and
 * `list_id`, or more than 1,000 leads; 402 when the plan's lead limit (`remainingInPlan`)
 * is used up, 403 for a missing scope (`scopes`), 404 for an unknown campaign or list.
 * Rate limits 100 per second and 6,000 per minute for the workspace.
 *
 * @category testing
 */
export class FakeInstantly extends FakeProviderServer {
  readonly leads: InstantlyLead[] = [];
  readonly campaigns = new Map<string, string>();
  readonly lists = new Set<string>(['list-1']);
  /** Leads the plan still accepts; at 0 every new lead answers 402. */
  remainingInPlan = 100_000;
  /** The key's scopes; a route whose scope is missing answers 403. */
  scopes = new Set<string>(['all:all']);
  readonly webhooks = new Map<string, InstantlyWebhook>();
  /** Delivers events to the registered webhooks, as Instantly does (see InstantlyWebhookEmitter). */
  readonly webhookEmitter = new InstantlyWebhookEmitter(() => this.webhooks.values());
  /** Blocklisted addresses or domains (`@acme.example`): such leads are not taken. */
  readonly blocklist = new Set<string>();
  // Indexes, so the skip flags cost O(1) like a real provider's lookups.
  private readonly inAnyCampaign = new Set<string>();
  private readonly byEmail = new Set<string>();
  private seq = 0;

  constructor(
    readonly apiKey = 'instantly-test-key',
    campaigns: readonly string[] = ['cmp-1', 'cmp-2'],
  ) {
    super('/api/v2', { limit: 100, windowMs: 1_000 });
    this.additionalRateLimits = [{ limit: 6_000, windowMs: 60_000 }];
    for (const id of campaigns) this.campaigns.set(id, `Campaign ${id}`);
  }

  protected override serverErrorReply(status: number): FakeReply {
    return { status, body: { statusCode: status, error: 'Internal Server Error', message: 'Something went wrong' } };
  }

  private missingScope(scope: string): FakeReply | null {
    return this.scopes.has('all:all') || this.scopes.has(scope) ? null : { status: 403, body: { message: `API key is missing the scope ${scope}`, error: 'Forbidden' } };
  }

  /** `skip_if_in_campaign` skips a lead already in any campaign of the workspace, not only this one. */
  private inACampaign(email: string): boolean {
    return this.inAnyCampaign.has(email);
  }

  private blocked(email: string): boolean {
    return this.blocklist.has(email) || this.blocklist.has(email.slice(email.indexOf('@')));
  }

  private store(lead: InstantlyLead): void {
    this.leads.push(lead);
    if (!lead.campaign.startsWith('list:')) this.inAnyCampaign.add(lead.email);
    this.byEmail.add(lead.email);
  }

  protected handle(r: RecordedRequest): FakeReply {
    if (header(r, 'authorization') !== `Bearer ${this.apiKey}`) return { status: 401, body: { message: 'Invalid API key' } };
    const body = (r.body ?? {}) as Record<string, unknown>;
    const scope = r.path.startsWith('/leads') ? 'leads:create' : r.path.startsWith('/campaigns') ? 'campaigns:read' : 'webhooks:create';
    const forbidden = this.missingScope(scope);
    if (forbidden) return forbidden;
    if (r.method === 'POST' && r.path === '/leads') {
      const email = String(body.email ?? '').toLowerCase();
      if (!EMAIL.test(email)) return { status: 400, body: { message: 'body/email must be a valid email' } };
      if (!flat(body.custom_variables)) return { status: 400, body: { message: 'custom_variables values must be string, number, boolean or null' } };
      if (body.campaign && body.list_id) return { status: 400, body: { message: 'Pass campaign or list_id, not both' } };
      const campaign = body.list_id ? `list:${String(body.list_id)}` : String(body.campaign ?? '');
      if (body.list_id ? !this.lists.has(String(body.list_id)) : !this.campaigns.has(campaign)) return { status: 404, body: { message: body.list_id ? 'List not found' : 'Campaign not found' } };
      // What a firing skip flag answers is undocumented; this fake echoes the existing lead.
      const existing = (body.skip_if_in_campaign && this.inACampaign(email)) || (body.skip_if_in_workspace && this.byEmail.has(email)) ? this.leads.find((l) => l.email === email) : undefined;
      if (existing) return { status: 200, body: existing };
      if (this.remainingInPlan <= 0) return { status: 402, body: { message: 'Lead limit reached for your plan', error: 'Payment Required' } };
      this.remainingInPlan--;
      const lead: InstantlyLead = { id: `lead-${String(++this.seq).padStart(6, '0')}`, email, campaign, custom_variables: (body.custom_variables ?? {}) as Record<string, unknown> };
      this.store(lead);
      return { status: 200, body: { ...body, ...lead, timestamp_created: new Date().toISOString(), status: 1 } };
    }
    if (r.method === 'POST' && r.path === '/leads/add') {
      if (body.campaign_id && body.list_id) return { status: 400, body: { message: 'Pass campaign_id or list_id, not both' } };
      const leads = Array.isArray(body.leads) ? (body.leads as Record<string, unknown>[]) : [];
      if (leads.length > 1000) return { status: 400, body: { message: 'At most 1000 leads per request' } };
      const campaign = body.list_id ? `list:${String(body.list_id)}` : String(body.campaign_id ?? '');
      if (body.list_id ? !this.lists.has(String(body.list_id)) : !this.campaigns.has(campaign)) return { status: 404, body: { message: body.list_id ? 'List not found' : 'Campaign not found' } };
      if (this.remainingInPlan <= 0) return { status: 402, body: { message: 'Lead limit reached for your plan', error: 'Payment Required' } };
      // The documented answer: which leads were created (`created_leads`, by index) and why the others were not.
      const created: { index: number; id: string; email: string }[] = [];
      const seen = new Set<string>();
      const counts = { skipped: 0, blocklisted: 0, duplicateEmails: 0, invalid: 0 };
      leads.forEach((raw, index) => {
        const email = String(raw.email ?? '').toLowerCase();
        if (!EMAIL.test(email) || !flat(raw.custom_variables)) counts.invalid++;
        else if (seen.has(email)) counts.duplicateEmails++;
        else if (this.blocked(email)) counts.blocklisted++;
        else if ((body.skip_if_in_campaign && this.inACampaign(email)) || (body.skip_if_in_workspace && this.byEmail.has(email))) counts.skipped++;
        else if (this.remainingInPlan > 0) {
          this.remainingInPlan--;
          const lead: InstantlyLead = { id: `lead-${String(++this.seq).padStart(6, '0')}`, email, campaign, custom_variables: (raw.custom_variables ?? {}) as Record<string, unknown> };
          this.store(lead);
          created.push({ index, id: lead.id, email });
        }
        seen.add(email);
      });
      const processed = created.length + counts.skipped + counts.blocklisted + counts.duplicateEmails + counts.invalid;
      // A plan that ran out mid-request still answers 200, with a status that is not "success".
      const status = processed < leads.length ? 'lead_limit_reached' : 'success';
      return {
        status: 200,
        body: { status, total_sent: leads.length, leads_uploaded: created.length, created_leads: created, skipped_count: counts.skipped, in_blocklist: counts.blocklisted, duplicated_leads: counts.skipped, duplicate_email_count: counts.duplicateEmails, invalid_email_count: counts.invalid, remaining_in_plan: this.remainingInPlan },
      };
    }
    if (r.method === 'GET' && r.path === '/campaigns') {
      const all = [...this.campaigns.entries()].map(([id, name]) => ({ id, name, status: 1 }));
      const start = r.query.starting_after ? all.findIndex((c) => c.id === r.query.starting_after) + 1 : 0;
      const limit = Number(r.query.limit ?? 10);
      const items = all.slice(start, start + limit);
      return { status: 200, body: { items, next_starting_after: start + limit < all.length ? items.at(-1)?.id : null } };
    }
    if (r.method === 'POST' && r.path === '/webhooks') {
      if (typeof body.target_hook_url !== 'string' || typeof body.event_type !== 'string') return { status: 400, body: { message: 'body must have required properties target_hook_url, event_type' } };
      const id = `wh-${++this.seq}`;
      const headers = body.headers && typeof body.headers === 'object' ? (body.headers as Record<string, string>) : undefined;
      this.webhooks.set(id, { id, target_hook_url: body.target_hook_url, event_type: body.event_type, ...(headers ? { headers } : {}), status: 1, failures: 0 });
      return { status: 200, body: { id, ...body, status: 1 } };
    }
    const webhook = /^\/webhooks\/([^/]+)$/.exec(r.path);
    if (r.method === 'DELETE' && webhook) return this.webhooks.delete(webhook[1]!) ? { status: 200, body: { id: webhook[1] } } : { status: 404, body: { message: 'Webhook not found' } };
    return { status: 404, body: { message: `Route ${r.method}:${r.path} not found` } };
  }
}
