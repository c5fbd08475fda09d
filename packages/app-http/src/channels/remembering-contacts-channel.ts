import type { Logger, OutboundChannel, ProviderContactDirectory, SendError, SendReceipt, SendRequest } from '@caio/core';
import { okAsync, type ResultAsync } from 'neverthrow';

/**
 * A GHL channel that, after each successful send, remembers which person the receipt's
 * `contactId` is (the card's identity keys), so GHL webhooks, which always name the
 * contact by that id, match the person before any address. Remembering is best effort:
 * the message is sent either way, so a failed write is logged and the send's result kept.
 *
 * @category adapters
 */
export const rememberingContacts = (channel: OutboundChannel, contacts: ProviderContactDirectory, logger: Logger): OutboundChannel => ({
  channel: channel.channel,
  sandbox: channel.sandbox,
  send: (request: SendRequest): ResultAsync<SendReceipt, SendError> =>
    channel.send(request).andThen((receipt) => {
      const contactId = typeof receipt.contactId === 'string' ? receipt.contactId : undefined;
      if (!contactId) return okAsync(receipt);
      return contacts
        .remember('ghl', contactId, request.card.leadKeys)
        .map(() => receipt)
        .orElse((error) => {
          logger.warn('could not remember the GHL contact of a send', { cardId: request.card.id, error: error._tag });
          return okAsync(receipt);
        });
    }),
});
