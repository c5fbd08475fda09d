import type { SendError } from '@caio/core';
import type { ProviderClient } from '@caio/provider-http';
import { err, ok, type ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { GHL_VERSIONS } from './ghl-client.js';

/**
 * The post-approval proof: does GHL really have this message? (`caio verify-send`.)
 * A 404 is a definite "no"; other failures are errors, not answers.
 *
 * @category adapters
 */
export class GhlMessageVerifier {
  constructor(private readonly client: ProviderClient) {}

  exists(messageId: string): ResultAsync<boolean, SendError> {
    return this.client
      .request({ method: 'GET', path: `/conversations/messages/${encodeURIComponent(messageId)}`, headers: { version: GHL_VERSIONS.conversations }, idempotent: true, schema: z.looseObject({ message: z.looseObject({ id: z.string() }) }) })
      .map(() => true)
      .orElse((error) => (error._tag === 'SendRejected' && error.status === 404 ? ok(false) : err(error)));
  }
}
