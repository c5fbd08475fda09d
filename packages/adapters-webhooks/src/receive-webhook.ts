import type { DomainEvent, WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { parseClay, type ClayOptions } from './parse/clay.js';
import { parseGhl } from './parse/ghl.js';
import { parseHeyReach } from './parse/heyreach.js';
import { parseInstantly } from './parse/instantly.js';
import { parseRb2b, type Rb2bOptions } from './parse/rb2b.js';
import { parseJsonSafely, withoutTrailingCommas } from './parse/safe-json.js';
import type { AuthenticatedBy, WebhookGuard } from './webhook-guard.js';
import type { WebhookRejection } from './webhook-rejection.js';
import { isJson, type WebhookRequest } from './webhook-request.js';

/**
 * What an authenticated delivery became: its domain events (some perhaps `Ignored`: a
 * known event we do not act on), or a quarantine of a body we cannot turn into events
 * (not JSON, an unknown shape), which the HTTP layer answers with 200 and keeps for the
 * operator. An authenticated delivery is never refused for its shape: providers disable
 * (Instantly), retry for a day (HeyReach) or disconnect (RB2B) an endpoint that does.
 *
 * @category adapters
 */
export type WebhookVerdict =
  | { readonly _tag: 'Events'; readonly events: readonly DomainEvent[]; readonly authenticatedBy: AuthenticatedBy }
  | { readonly _tag: 'Quarantine'; readonly reason: string; readonly authenticatedBy: AuthenticatedBy };

/** Provider-specific parsing settings (from the environment, see webhookSetupFromEnv). @category adapters */
export interface ParseOptions {
  readonly clay: ClayOptions;
  readonly rb2b: Rb2bOptions;
}

/** Largest body accepted, in bytes (1 MiB); the HTTP layer should enforce it too, before buffering more. */
export const MAX_WEBHOOK_BYTES = 1_048_576;

const parse = (provider: WebhookProvider, body: unknown, options: ParseOptions, now: Date): Result<readonly DomainEvent[], string> => {
  switch (provider) {
    case 'instantly':
      return parseInstantly(body, now);
    case 'heyreach':
      return parseHeyReach(body, now);
    case 'clay':
      return parseClay(body, options.clay, now);
    case 'rb2b':
      return parseRb2b(body, options.rb2b, now);
    case 'ghl':
      return parseGhl(body, now);
  }
};

/**
 * A body already authenticated (now, or at receipt: a quarantined delivery being
 * re-applied) into its events: safe JSON (RB2B bodies with trailing commas read without
 * them), then the provider's schema. The error is the reason to quarantine it.
 *
 * @category adapters
 */
export const parseWebhookBody = (options: ParseOptions, provider: WebhookProvider, rawBody: Buffer, now: Date): Result<readonly DomainEvent[], string> => {
  const json = parseJsonSafely(rawBody).orElse((error) => (provider === 'rb2b' && error.startsWith('body is not JSON') ? parseJsonSafely(withoutTrailingCommas(rawBody)) : err(error)));
  return json.andThen((body) => parse(provider, body, options, now));
};

/**
 * The whole inbound path short of the store, cheapest and safest first: size (413),
 * authentication on the raw bytes (401), then, for an authenticated delivery only, the
 * content type, safe JSON parsing and the provider's schema. Nothing unauthenticated is
 * ever parsed, and nothing authenticated is refused: what cannot become events is
 * quarantined. Pure apart from the guard's readiness counters; never throws.
 *
 * @category adapters
 */
export const receiveWebhook = (
  guard: WebhookGuard,
  options: ParseOptions,
  provider: WebhookProvider,
  request: WebhookRequest,
  now: Date,
): Result<WebhookVerdict, WebhookRejection> => {
  if (request.rawBody.length > MAX_WEBHOOK_BYTES) return err({ _tag: 'WebhookTooLarge', provider });
  const authenticated = guard.authenticate(provider, request, now);
  if (authenticated.isErr()) return err(authenticated.error);
  const by = authenticated.value;
  const quarantine = (reason: string): Result<WebhookVerdict, WebhookRejection> => ok({ _tag: 'Quarantine', reason, authenticatedBy: by });
  if (!isJson(request.contentType)) return quarantine(`content type ${request.contentType?.slice(0, 100) ?? '(missing)'} is not JSON`);
  const events = parseWebhookBody(options, provider, request.rawBody, now);
  return events.isErr() ? quarantine(events.error) : ok({ _tag: 'Events', events: events.value, authenticatedBy: by });
};
