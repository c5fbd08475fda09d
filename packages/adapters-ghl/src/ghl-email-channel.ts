import type { ContactResolver, Lead, OutboundChannel, ResolvedContact, SendError, SendReceipt, SendRequest } from '@caio/core';
import type { ProviderClient } from '@caio/provider-http';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { GHL_VERSIONS } from './ghl-client.js';
import { toHtml } from './to-html.js';

const sendReply = z.looseObject({ conversationId: z.string().min(1), messageId: z.string().min(1), emailMessageId: z.string().optional() });
type SendReply = z.infer<typeof sendReply>;

/** GHL refused the message because the contact id is unknown: provably nothing was sent. */
const CONTACT_GONE = { _tag: 'ContactGone' } as const;
const isGone = (reply: SendReply | typeof CONTACT_GONE): reply is typeof CONTACT_GONE => reply === CONTACT_GONE;
const contactNotFound = z.looseObject({ message: z.string().regex(/^Contact with id .+ not found/) });

/**
 * `ghl_email`: resolves the contact, then one `POST /conversations/messages` with
 * `type: Email`, subject and html (`Version: 2021-04-15`). The message call is never
 * retried unless GHL provably did not process it: a 429 or a refused connection (retried
 * by the client), or "Contact with id X not found", after which the contact is resolved
 * again and, if it changed, the message is posted once more. The receipt keeps
 * `conversationId`, `messageId`, `emailMessageId` and `contactId`.
 *
 * @category adapters
 */
export class GhlEmailChannel implements OutboundChannel {
  readonly channel = 'ghl_email' as const;
  readonly sandbox = false;

  constructor(
    private readonly client: ProviderClient,
    private readonly contacts: ContactResolver,
  ) {}

  send(request: SendRequest): ResultAsync<SendReceipt, SendError> {
    const { card, lead } = request;
    if (!card.subject?.trim()) return errAsync({ _tag: 'SendRejected', message: 'GHL: an e-mail needs a subject' });
    return this.contacts.resolve(lead).andThen((contact) =>
      this.post(request, contact).andThen((reply) => (isGone(reply) ? this.resendToFreshContact(request, lead, contact) : okAsync(receipt(contact, reply)))),
    );
  }

  private resendToFreshContact(request: SendRequest, lead: Lead, gone: ResolvedContact): ResultAsync<SendReceipt, SendError> {
    const rejected: SendError = { _tag: 'SendRejected', status: 400, message: `GHL: contact ${gone.contactId} not found` };
    return this.contacts.resolve(lead).andThen((fresh) =>
      fresh.contactId === gone.contactId ? errAsync(rejected) : this.post(request, fresh).andThen((reply) => (isGone(reply) ? errAsync(rejected) : okAsync(receipt(fresh, reply)))),
    );
  }

  private post({ card }: SendRequest, contact: ResolvedContact): ResultAsync<SendReply | typeof CONTACT_GONE, SendError> {
    return this.client.request<SendReply | typeof CONTACT_GONE>({
      method: 'POST',
      path: '/conversations/messages',
      headers: { version: GHL_VERSIONS.conversations },
      idempotent: false,
      body: { type: 'Email', contactId: contact.contactId, subject: card.subject, html: toHtml(card.body), message: card.body },
      schema: sendReply,
      recover: (status, body) => ((status === 400 || status === 404) && contactNotFound.safeParse(body).success ? CONTACT_GONE : undefined),
    });
  }
}

const receipt = (contact: ResolvedContact, reply: SendReply): SendReceipt => ({
  contactId: contact.contactId,
  conversationId: reply.conversationId,
  messageId: reply.messageId,
  emailMessageId: reply.emailMessageId ?? null,
});
