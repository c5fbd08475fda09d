import type { ContactResolver, OutboundChannel, SendError, SendReceipt, SendRequest } from '@caio/core';
import type { ProviderClient } from '@caio/provider-http';
import { errAsync, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { GHL_VERSIONS } from './ghl-client.js';

const sendReply = z.looseObject({ conversationId: z.string(), messageId: z.string(), emailMessageId: z.string().optional() });

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text paragraphs as the HTML GHL requires for e-mail. */
export const toHtml = (body: string): string =>
  body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

/**
 * `ghl_email`: resolves the contact, then one `POST /conversations/messages` with
 * `type: Email`, subject and html (`Version: 2021-04-15`). The message call is never
 * retried unless GHL provably did not process it (429, connection refused). The receipt
 * keeps `conversationId`, `messageId`, `emailMessageId` and `contactId`.
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
      this.client
        .request({
          method: 'POST',
          path: '/conversations/messages',
          headers: { version: GHL_VERSIONS.conversations },
          idempotent: false,
          body: { type: 'Email', contactId: contact.contactId, subject: card.subject, html: toHtml(card.body), message: card.body },
          schema: sendReply,
        })
        .map((reply): SendReceipt => ({ contactId: contact.contactId, conversationId: reply.conversationId, messageId: reply.messageId, emailMessageId: reply.emailMessageId ?? null })),
    );
  }
}
