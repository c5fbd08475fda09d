import { GhlWebhookSigner } from '../webhooks/ghl-webhook-signer.js';
import { FakeProviderServer, header, type FakeReply, type RecordedRequest } from './fake-provider-server.js';

interface Contact {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  locationId: string;
}
interface Message {
  id: string;
  conversationId: string;
  emailMessageId: string;
  contactId: string;
  subject: string;
  html: string;
}

const CONTACTS_VERSION = '2021-07-28';
const CONVERSATIONS_VERSION = '2021-04-15';

/**
 * GoHighLevel / LeadConnector v2 (providers.md sections 1 and 6): Bearer and the
 * per-endpoint `Version` header required, contact duplicate search, upsert, create with
 * the duplicate-contact 400, the 400 "Contact with id X not found", Conversations e-mail
 * with the 422 array message when `html` is missing, and message lookup; also the
 * deprecated `GET /contacts/` (`count` and `meta.total`) and `POST /contacts/search`.
 * Rate limit 100 per 10 s; 429s carry GHL's rate headers, 5xx its error body. A bad token
 * gets 401 on contact endpoints but 500 on conversation endpoints, as GHL answers some.
 *
 * @category testing
 */
export class FakeGhl extends FakeProviderServer {
  readonly contacts = new Map<string, Contact>();
  readonly messages = new Map<string, Message>();
  /** Answer `GET /conversations/messages/{id}` as `{message: {...}}` instead of the documented top-level message. */
  wrapMessageLookup = false;
  /** Signs and sends webhooks as GHL does, with a test keypair (see GhlWebhookSigner). */
  readonly webhookSigner = new GhlWebhookSigner();
  private seq = 0;

  constructor(
    readonly token = 'ghl-test-token',
    readonly locationId = 'loc_test',
    /** GHL answers an unknown contact id with 400; some endpoints are reported to use 404. */
    private readonly unknownContactStatus: 400 | 404 = 400,
  ) {
    super('', { limit: 100, windowMs: 10_000 });
  }

  protected override rateLimitedReply(retryAfterSeconds: number): FakeReply {
    return { status: 429, body: { statusCode: 429, message: 'Too Many Requests' }, headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-remaining': '0', 'x-ratelimit-max': '100', 'x-ratelimit-interval-milliseconds': '10000' } };
  }

  protected override serverErrorReply(status: number): FakeReply {
    return { status, body: { statusCode: status, message: 'Internal server error' } };
  }

  /**
   * The OutboundMessage webhook GHL sends for a message it sent (e-mail), signed; `url`
   * is the app's webhook route.
   */
  async emitOutboundMessage(url: string, messageId: string): Promise<{ status: number; answer: unknown }> {
    const message = this.messages.get(messageId);
    const contact = message ? this.contacts.get(message.contactId) : undefined;
    if (!message || !contact) throw new Error(`no message ${messageId}`);
    return this.webhookSigner.send(url, {
      type: 'OutboundMessage', locationId: this.locationId, contactId: contact.id, conversationId: message.conversationId, messageId: message.id, emailMessageId: message.emailMessageId,
      dateAdded: new Date().toISOString(), direction: 'outbound', messageType: 'Email', subject: message.subject, body: message.html, to: [contact.email], source: 'api', status: 'sent',
    });
  }

  private byEmail(email: string): Contact | undefined {
    return [...this.contacts.values()].find((c) => c.email === email.toLowerCase());
  }

  private contactNotFound(id: string): FakeReply {
    return { status: this.unknownContactStatus, body: { statusCode: this.unknownContactStatus, message: `Contact with id ${id} not found` } };
  }

  /** The deprecated list (`GET /contacts/`) and `POST /contacts/search`: a text query over e-mail and names. */
  private search(query: string, limit: number, startAfterId: string | undefined): { contacts: Contact[]; total: number } {
    const q = query.toLowerCase();
    const all = [...this.contacts.values()].filter((c) => !q || [c.email, c.firstName ?? '', c.lastName ?? ''].some((v) => v.toLowerCase().includes(q)));
    const start = startAfterId ? all.findIndex((c) => c.id === startAfterId) + 1 : 0;
    return { contacts: all.slice(start, start + Math.min(limit, 100)), total: all.length };
  }

  private id(prefix: string): string {
    return `${prefix}${String(++this.seq).padStart(6, '0')}`;
  }

  protected handle(r: RecordedRequest): FakeReply {
    if (header(r, 'authorization') !== `Bearer ${this.token}`) {
      // As reported of GHL: conversation endpoints answer a bad token with a 500, contact endpoints with a 401.
      if (r.path.startsWith('/conversations')) return { status: 500, body: { statusCode: 500, message: 'Internal server error' } };
      return { status: 401, body: { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' } };
    }
    const wanted = r.path.startsWith('/conversations') ? CONVERSATIONS_VERSION : CONTACTS_VERSION;
    if (header(r, 'version') !== wanted) return { status: 400, body: { statusCode: 400, message: `Version header must be ${wanted}` } };
    const body = (r.body ?? {}) as Record<string, unknown>;

    if (r.method === 'GET' && r.path === '/contacts/search/duplicate') {
      // The query string is decoded like GHL does: a '+' not sent as %2B arrives as a space.
      return { status: 200, body: { contact: this.byEmail(r.query.email ?? '') ?? null } };
    }
    if (r.method === 'GET' && r.path === '/contacts/') {
      const found = this.search(r.query.query ?? '', Number(r.query.limit ?? 20), r.query.startAfterId);
      return { status: 200, body: { contacts: found.contacts, count: found.total, meta: { total: found.total, startAfterId: found.contacts.at(-1)?.id ?? null, nextPageUrl: null } } };
    }
    if (r.method === 'POST' && r.path === '/contacts/search') {
      const email = (body.filters as { field?: string; operator?: string; value?: string }[] | undefined)?.find((f) => f.field === 'email' && f.operator === 'eq')?.value;
      const found = email !== undefined ? { contacts: [this.byEmail(email)].filter((c) => c !== undefined), total: this.byEmail(email) ? 1 : 0 } : this.search(String(body.query ?? ''), Number(body.pageLimit ?? 20), body.startAfterId as string | undefined);
      return { status: 200, body: { contacts: found.contacts, total: found.total } };
    }
    if (r.method === 'POST' && r.path === '/contacts/upsert') {
      if (body.locationId !== this.locationId) return { status: 422, body: { statusCode: 422, message: ['locationId must be valid'], error: 'Unprocessable Entity' } };
      const email = String(body.email ?? '').toLowerCase();
      const existing = this.byEmail(email);
      const contact: Contact = existing ?? { id: this.id('ct_'), email, locationId: this.locationId };
      Object.assign(contact, { ...(body.firstName ? { firstName: String(body.firstName) } : {}), ...(body.lastName ? { lastName: String(body.lastName) } : {}) });
      this.contacts.set(contact.id, contact);
      return { status: 200, body: { new: !existing, contact, traceId: this.id('tr_') } };
    }
    if (r.method === 'POST' && r.path === '/contacts/') {
      const email = String(body.email ?? '').toLowerCase();
      const existing = this.byEmail(email);
      if (existing) return { status: 400, body: { statusCode: 400, message: 'This location does not allow duplicated contacts.', meta: { contactId: existing.id, contactName: existing.firstName ?? '', matchingField: 'email' } } };
      const contact: Contact = { id: this.id('ct_'), email, locationId: this.locationId };
      this.contacts.set(contact.id, contact);
      return { status: 201, body: { contact } };
    }
    const contactMatch = /^\/contacts\/([^/]+)$/.exec(r.path);
    if (r.method === 'GET' && contactMatch) {
      const contact = this.contacts.get(contactMatch[1]!);
      return contact ? { status: 200, body: { contact } } : this.contactNotFound(contactMatch[1]!);
    }
    if (r.method === 'POST' && r.path === '/conversations/messages') {
      if (!body.type || !body.contactId) return { status: 422, body: { statusCode: 422, message: ['type should not be empty', 'contactId should not be empty'], error: 'Unprocessable Entity' } };
      if (body.type === 'Email' && !body.html) return { status: 422, body: { statusCode: 422, message: ['html is required for Email'], error: 'Unprocessable Entity' } };
      const contact = this.contacts.get(String(body.contactId));
      if (!contact) return this.contactNotFound(String(body.contactId));
      const message: Message = { id: this.id('msg_'), conversationId: this.id('conv_'), emailMessageId: this.id('eml_'), contactId: contact.id, subject: String(body.subject ?? ''), html: String(body.html) };
      this.messages.set(message.id, message);
      return { status: 200, body: { conversationId: message.conversationId, messageId: message.id, emailMessageId: message.emailMessageId, msg: 'Email queued successfully', status: 'pending' } };
    }
    const messageMatch = /^\/conversations\/messages\/([^/]+)$/.exec(r.path);
    if (r.method === 'GET' && messageMatch) {
      const message = this.messages.get(messageMatch[1]!);
      if (!message) return { status: 404, body: { statusCode: 404, message: 'Message not found' } };
      // As documented: the message at the top level (`wrapMessageLookup` answers {message: {...}} as some accounts do).
      const found = { id: message.id, type: 'Email', messageType: 'TYPE_EMAIL', contactId: message.contactId, conversationId: message.conversationId, locationId: this.locationId, direction: 'outbound', body: message.html };
      return { status: 200, body: this.wrapMessageLookup ? { message: found } : found };
    }
    return { status: 404, body: { statusCode: 404, message: `Cannot ${r.method} ${r.path}` } };
  }
}
