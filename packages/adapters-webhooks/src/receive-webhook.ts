import type { DomainEvent, Tier, WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { parseClay, type ClayOptions } from './parse/clay.js';
import { parseGhl } from './parse/ghl.js';
import { parseHeyReach } from './parse/heyreach.js';
import { parseInstantly } from './parse/instantly.js';
import { parseRb2b } from './parse/rb2b.js';
import { parseJsonSafely } from './parse/safe-json.js';
import type { WebhookGuard } from './webhook-guard.js';
import type { WebhookRejection } from './webhook-rejection.js';
import { isJson, type WebhookRequest } from './webhook-request.js';

/** What a delivery became. @category adapters */
export type WebhookVerdict =
  | { readonly _tag: 'Events'; readonly events: readonly DomainEvent[]; readonly authenticatedBy: string }
  /** Authenticated but unusable, and the provider must still get 200 (RB2B). */
  | { readonly _tag: 'Quarantine'; readonly reason: string; readonly authenticatedBy: string };

export interface ParseOptions {
  readonly clay: ClayOptions;
  readonly rb2b: { readonly sourceLabel: string; readonly tier: Tier };
  readonly toleranceSeconds: number;
}

export const MAX_WEBHOOK_BYTES = 1_048_576;

/** Providers that disconnect an integration answering anything but 200 (RB2B). */
const ALWAYS_200: ReadonlySet<WebhookProvider> = new Set(['rb2b']);

const parse = (provider: WebhookProvider, body: unknown, options: ParseOptions, now: Date): Result<readonly DomainEvent[], string> => {
  switch (provider) {
    case 'instantly':
      return parseInstantly(body);
    case 'heyreach':
      return parseHeyReach(body);
    case 'clay':
      return parseClay(body, options.clay);
    case 'rb2b':
      return parseRb2b(body, options.rb2b, now);
    case 'ghl':
      return parseGhl(body, now, options.toleranceSeconds);
  }
};

/**
 * The whole inbound path short of the store, in the order that keeps it cheap and safe:
 * size, then content type, then authentication on the raw bytes, then safe JSON parsing
 * and the provider's strict schema. Nothing unauthenticated is ever parsed. An
 * authenticated RB2B delivery that cannot be used is quarantined (answered 200), because
 * RB2B disconnects integrations that answer anything else.
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
  const tolerant = ALWAYS_200.has(provider);
  if (!tolerant && !isJson(request.contentType)) return err({ _tag: 'WebhookUnsupportedMedia', provider });
  const authenticated = guard.authenticate(provider, request, now);
  if (authenticated.isErr()) return err(authenticated.error);
  const by = authenticated.value;
  const refuse = (reason: string): Result<WebhookVerdict, WebhookRejection> =>
    tolerant ? ok({ _tag: 'Quarantine', reason, authenticatedBy: by }) : err({ _tag: 'WebhookMalformed', provider, reason });
  if (!isJson(request.contentType)) return refuse(`content type ${request.contentType ?? 'missing'} is not JSON`);
  const json = parseJsonSafely(request.rawBody);
  if (json.isErr()) return refuse(json.error);
  const events = parse(provider, json.value, options, now);
  if (events.isErr()) {
    // A replayed GHL delivery is an authentication failure, not a malformed body.
    if (provider === 'ghl' && events.error.startsWith('stale timestamp')) return err({ _tag: 'WebhookUnauthorized', provider, reason: events.error });
    return refuse(events.error);
  }
  return ok({ _tag: 'Events', events: events.value, authenticatedBy: by });
};
