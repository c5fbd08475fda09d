import type { Channel, Clock, OutboundChannel, SendError, SendReceipt, SendRequest } from '@caio/core';
import { okAsync, type ResultAsync } from 'neverthrow';

/**
 * SEND_MODE=sandbox: the message goes through the whole dispatch loop (policy, ledger,
 * outcome) but is recorded instead of delivered. The receipt is stored with the card
 * and the ledger entry, and the review page shows it as a sandbox send.
 *
 * @category adapters
 */
export class SandboxChannel implements OutboundChannel {
  readonly sandbox = true;

  constructor(
    readonly channel: Channel,
    private readonly clock: Clock,
  ) {}

  send(request: SendRequest): ResultAsync<SendReceipt, SendError> {
    return okAsync({
      sandbox: true,
      channel: this.channel,
      messageId: `sandbox-${request.attemptId}`,
      recordedAt: this.clock.now().toISOString(),
      subject: request.card.subject ?? null,
      campaignId: request.card.campaignId ?? null,
    });
  }
}
