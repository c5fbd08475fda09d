import type { SendError } from '@caio/core';
import type { ProviderClient } from '@caio/provider-http';
import { err, ok, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { GHL_VERSIONS } from './ghl-client.js';

/** GHL documents the message at the top level; some answers wrap it as `{message: {...}}`: both are read. */
const messageReply = z.union([z.looseObject({ id: z.string().min(1) }), z.looseObject({ message: z.looseObject({ id: z.string().min(1) }) })]);

/**
 * The post-approval proof: does GHL really have this message? (`caio verify-send`;
 * `GET /conversations/messages/{id}` needs the scope `conversations/message.readonly`.)
 * A 404 is a definite "no"; other failures are errors, not answers.
 *
 * @category adapters
 */
export class GhlMessageVerifier {
  constructor(private readonly client: ProviderClient) {}

  exists(messageId: string): ResultAsync<boolean, SendError> {
    return this.client
      .request({ method: 'GET', path: `/conversations/messages/${encodeURIComponent(messageId)}`, headers: { version: GHL_VERSIONS.conversations }, idempotent: true, schema: messageReply })
      .map(() => true)
      .orElse((error) => (error._tag === 'SendRejected' && error.status === 404 ? ok(false) : err(error)));
  }
}
