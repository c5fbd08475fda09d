import type { DomainEvent, WebhookProvider } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { parseClay, type ClayOptions } from './parse/clay.js';
import { parseGhl } from './parse/ghl.js';
import { parseHeyReach } from './parse/heyreach.js';
import { parseInstantly } from './parse/instantly.js';
import { parseRb2b, type Rb2bOptions } from './parse/rb2b.js';
import { parseJsonSafely } from './parse/safe-json.js';
import type { AuthenticatedBy, WebhookGuard } from './webhook-guard.js';
import type { WebhookRejection } from './webhook-rejection.js';
import { isJson, type WebhookRequest } from './webhook-request.js';

/**
 * What an accepted delivery became: its domain events, or (RB2B only) a quarantine
 * of an authenticated body that cannot be used, which the HTTP layer answers with 200
 * and keeps for the operator.
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

/** Providers that disconnect an integration answering anything but 200 (RB2B). */
const ALWAYS_200: ReadonlySet<WebhookProvider> = new Set(['rb2b']);

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
 * The whole inbound path short of the store, cheapest and safest first: size (413),
 * content type (415; for RB2B after authentication, see below), authentication on the
 * raw bytes (401), then safe JSON parsing and the provider's strict schema (400).
 * Nothing unauthenticated is ever parsed. An authenticated RB2B delivery that cannot be
 * used is quarantined instead of refused, because RB2B disconnects integrations that
 * answer anything but 200. Pure apart from the guard's readiness counters; never throws.
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
  const unusable = (reason: string): Result<WebhookVerdict, WebhookRejection> =>
    tolerant ? ok({ _tag: 'Quarantine', reason, authenticatedBy: by }) : err({ _tag: 'WebhookMalformed', provider, reason });
  if (!isJson(request.contentType)) return unusable(`content type ${request.contentType?.slice(0, 100) ?? '(missing)'} is not JSON`);
  const events = parseDelivery(options, provider, request.rawBody, now);
  return events.isErr() ? unusable(events.error) : ok({ _tag: 'Events', events: events.value, authenticatedBy: by });
};

/**
 * Safe JSON parsing and the provider's strict schema, on a body already authenticated:
 * the second half of `receiveWebhook`, and how an operator re-applies a quarantined
 * delivery after a parser fix (it was authenticated when it arrived; its headers are
 * not kept). Never throws.
 *
 * @category adapters
 */
export const parseDelivery = (options: ParseOptions, provider: WebhookProvider, rawBody: Buffer, now: Date): Result<readonly DomainEvent[], string> =>
  parseJsonSafely(rawBody).andThen((json) => parse(provider, json, options, now));
