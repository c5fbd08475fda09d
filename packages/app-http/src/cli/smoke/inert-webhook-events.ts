import { DEFAULT_CLAY_MAPPING, parseClay, parseGhl, parseHeyReach, parseInstantly, parseRb2b } from '@caio/adapters-webhooks';
import type { WebhookProvider } from '@caio/core';

/**
 * What a smoke probe sends to a provider's webhook: a body that changes nothing in the
 * app, and how the app answers it once authenticated.
 * an event the provider's parser maps to `Ignored` (audit only: no lead, card, send,
 * suppression or cadence change). Its id is fixed, so only the first run records it in
 * the inbox; later runs are duplicates.
 * The same body is sent without credentials, so even an app that wrongly accepts it
 * changes nothing.
 */
export interface InertProbe {
  readonly body: string;
  /** The event id the app answers (computed with the app's own parser). */
  readonly eventId: string;
}

const FIXED = new Date('2026-01-01T00:00:00.000Z');

const BODIES: Readonly<Record<WebhookProvider, unknown>> = {
  // No mapping for this event type and no lead: Ignored (as Instantly's custom labels are).
  instantly: { timestamp: '2026-01-01T00:00:00.000Z', event_type: 'caio_smoke_probe' },
  // An unknown event type with no lead: Ignored.
  heyreach: { eventType: 'CAIO_SMOKE_PROBE', leadProfile: {} },
  // A company-only row (no e-mail, no LinkedIn profile): Ignored.
  clay: { company_name: 'caio-smoke-probe' },
  // A company-only profile (no /in/ URL, no business e-mail): Ignored.
  rb2b: { 'LinkedIn URL': 'https://www.linkedin.com/company/caio-smoke-probe', 'Seen At': '2026-01-01T00:00:00Z', 'Captured URL': 'https://smoke-probe.invalid/' },
  // A GHL event type we do not handle, with its own webhookId: Ignored as ghl:caio-smoke-probe.
  ghl: { type: 'CaioSmokeProbe', locationId: 'caio-smoke-probe', webhookId: 'caio-smoke-probe' },
};

const ignoredId = (provider: WebhookProvider, body: unknown): string => {
  const parsed =
    provider === 'instantly' ? parseInstantly(body, FIXED)
    : provider === 'heyreach' ? parseHeyReach(body, FIXED)
    : provider === 'rb2b' ? parseRb2b(body, { sourceLabel: 'rb2b', tier: 'tier_2' }, FIXED)
    : provider === 'ghl' ? parseGhl(body, FIXED)
    : parseClay(body, { mapping: DEFAULT_CLAY_MAPPING, defaultSourceLabel: 'clay', defaultTier: 'tier_2' }, FIXED);
  const events = parsed.isOk() ? parsed.value : [];
  // A probe body that the parser does not map to exactly one Ignored event is a bug here.
  if (events.length !== 1 || events[0]!.type !== 'Ignored') throw new Error(`the smoke probe for ${provider} is not an ignored event`);
  return events[0]!.eventId;
};

/** The inert probe of a provider. */
export const inertProbe = (provider: WebhookProvider): InertProbe => {
  const body = BODIES[provider];
  return { body: JSON.stringify(body), eventId: ignoredId(provider, body) };
};
