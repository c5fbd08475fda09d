import type { ResultAsync } from 'neverthrow';
import type { Card, SendReceipt } from '../card/card.js';
import type { Channel } from '../channel.js';
import type { AttemptId } from '../ids.js';
import type { Lead } from '../lead/lead.js';
import { token } from '../shared/token.js';

/** @category ports */
export interface SendRequest {
  readonly card: Card;
  readonly lead: Lead;
  readonly attemptId: AttemptId;
  /** `cardId:step`, for providers that support idempotency keys. */
  readonly idempotencyKey: string;
}

/**
 * How a send can fail, by what it means for delivery:
 * - `SendRejected`: definitive refusal (400/401/402/403/404/422); nothing was delivered.
 * - `SendRetryable`: provably not processed (429, connection refused before the
 *   request was written). Adapters retry these with a bound; when returned, nothing
 *   was delivered.
 * - `SendUnknown`: the request may have been delivered (timeout after it left, 5xx,
 *   reset). Never retried automatically.
 *
 * @category errors
 */
export type SendError =
  | { readonly _tag: 'SendRejected'; readonly status?: number; readonly message: string }
  | { readonly _tag: 'SendRetryable'; readonly status?: number; readonly message: string; readonly retryAfterMs?: number }
  | { readonly _tag: 'SendUnknown'; readonly status?: number; readonly message: string };

/**
 * One channel's way of delivering a card. The dispatch loop calls `send` exactly once
 * per claim; adapters must not resend anything that may have left.
 *
 * @category ports
 */
export interface OutboundChannel {
  readonly channel: Channel;
  /** True for channels that record instead of delivering (SEND_MODE=sandbox). */
  readonly sandbox: boolean;
  send(request: SendRequest): ResultAsync<SendReceipt, SendError>;
}
export const OutboundChannel = token<OutboundChannel>('OutboundChannel');

/** The channels available to dispatch, keyed by channel. */
export type OutboundChannels = Readonly<Partial<Record<Channel, OutboundChannel>>>;
export const OutboundChannels = token<OutboundChannels>('OutboundChannels');
