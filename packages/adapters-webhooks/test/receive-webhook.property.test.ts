import {
  bearerToken,
  DEFAULT_CLAY_MAPPING,
  ghlEd25519Signature,
  receiveWebhook,
  REJECTION_STATUS,
  sharedSecretHeader,
  signStandardWebhook,
  standardWebhooks,
  urlSecret,
  WebhookGuard,
  type ParseOptions,
  type WebhookRequest,
} from '@caio/adapters-webhooks';
import { parseEventId, WEBHOOK_PROVIDERS, type WebhookProvider } from '@caio/core';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clayRow, ghlInboundEmail, heyreachCamel, instantlySent, rb2bPerson } from './fixtures.js';
import { NOW } from './support.js';

// 100,000 generated requests in all, split across the properties below; inputs are
// small so the whole file stays within a few seconds.
const SECRET = 'property-secret-0123456789';
const WHSEC = `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`;
const TS = Math.floor(NOW.getTime() / 1000);
const ED_PEM = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const options: ParseOptions = { clay: { mapping: DEFAULT_CLAY_MAPPING, defaultSourceLabel: 'clay', defaultTier: 'tier_2' }, rb2b: { sourceLabel: 'rb2b', tier: 'tier_2' } };

const strictGuard = () =>
  new WebhookGuard({
    strict: true,
    heyreachUnsignedAllowlist: false,
    authenticators: {
      instantly: [sharedSecretHeader('x-webhook-secret', [SECRET]), bearerToken([SECRET])],
      clay: [sharedSecretHeader('x-api-key', [SECRET]), standardWebhooks([WHSEC])],
      rb2b: [urlSecret('secret', [SECRET])],
      heyreach: [urlSecret('secret', [SECRET])],
      ghl: [ghlEd25519Signature(ED_PEM), standardWebhooks([WHSEC])],
    },
  });

// Near misses of the real credentials, plus noise.
const credentialish = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), `Bearer ${SECRET.slice(1)}`, `v1,${'A'.repeat(43)}=`, String(TS), 'msg_1', WHSEC, '', 'v1,', 'v2,abc'),
);
const arbHeaders = fc.dictionary(fc.constantFrom('x-webhook-secret', 'authorization', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-wh-signature', 'x-ghl-signature', 'x-api-key'), fc.oneof(credentialish, fc.array(credentialish, { maxLength: 2 })), { maxKeys: 5 });
const arbQuery = fc.dictionary(fc.constantFrom('secret', 'token'), fc.oneof(credentialish, fc.array(credentialish, { maxLength: 2 })), { maxKeys: 2 });
const fixtureBody = fc.constantFrom(instantlySent, heyreachCamel, clayRow, rb2bPerson, ghlInboundEmail).map((f) => JSON.stringify(f));
const arbBody = fc.oneof(fixtureBody, fc.string({ maxLength: 120 }), fc.json({ maxDepth: 3 }), fc.constantFrom('{"__proto__":{"x":1}}', '[[[[[[[[[[', '{"a":1e999}', ''), fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b).toString('latin1')));
const arbContentType = fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/cloudevents+json'), fc.string({ maxLength: 16 }), fc.constant(undefined));
const arbProvider = fc.constantFrom(...WEBHOOK_PROVIDERS);

const toRequest = (body: string, headers: WebhookRequest['headers'], query: WebhookRequest['query'], contentType: string | undefined): WebhookRequest => ({ rawBody: Buffer.from(body), headers, query, contentType });

/** Every accepted event is well-formed: a valid id, the right provider, an ISO time. */
const expectWellFormed = (provider: WebhookProvider, events: readonly { eventId: string; provider: string; occurredAt: string }[]) => {
  for (const e of events) {
    expect(parseEventId(e.eventId).isOk()).toBe(true);
    expect(e.provider).toBe(provider);
    expect(new Date(e.occurredAt).toISOString()).toBe(e.occurredAt);
  }
};

describe('receiveWebhook under generated input', () => {
  it('never throws and never accepts a request without valid credentials (40,000 runs)', () => {
    const guard = strictGuard();
    fc.assert(
      fc.property(arbProvider, arbBody, arbHeaders, arbQuery, arbContentType, (provider, body, headers, query, contentType) => {
        const verdict = receiveWebhook(guard, options, provider, toRequest(body, headers, query, contentType), NOW);
        expect(verdict.isErr()).toBe(true);
        if (verdict.isErr()) expect([401, 413]).toContain(REJECTION_STATUS[verdict.error._tag]);
      }),
      { numRuns: 40_000 },
    );
  });

  it('refuses every one-field mutation of a validly signed Standard Webhooks delivery (25,000 runs)', () => {
    const guard = strictGuard();
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('body' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('id' as const), suffix: fc.string({ minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('timestamp' as const), delta: fc.integer({ min: -299, max: 299 }).filter((d) => d !== 0) }),
      fc.record({ kind: fc.constant('signature' as const), at: fc.integer({ min: 3, max: 45 }), char: fc.constantFrom(...'ABCabc012+/'.split('')) }),
    );
    fc.assert(
      fc.property(fc.constantFrom<WebhookProvider>('clay', 'ghl'), fixtureBody, mutation, (provider, body, m) => {
        const id = 'msg_property';
        let [sentBody, sentId, sentTs] = [Buffer.from(body), id, TS];
        let signature = signStandardWebhook(WHSEC, id, TS, body);
        if (m.kind === 'body') {
          sentBody = Buffer.from(sentBody);
          const at = m.at % sentBody.length;
          sentBody[at] = sentBody.readUInt8(at) ^ (1 << m.bit);
        } else if (m.kind === 'id') sentId = `${id}${m.suffix}`;
        else if (m.kind === 'timestamp') sentTs = TS + m.delta;
        else {
          const chars = signature.split('');
          if (chars[m.at] === m.char) return; // not a mutation
          chars[m.at] = m.char;
          signature = chars.join('');
        }
        const headers = { 'webhook-id': sentId, 'webhook-timestamp': String(sentTs), 'webhook-signature': signature };
        const verdict = receiveWebhook(guard, options, provider, { rawBody: sentBody, headers, query: {}, contentType: 'application/json' }, NOW);
        expect(verdict.isErr() && verdict.error._tag).toBe('WebhookUnauthorized');
      }),
      { numRuns: 25_000 },
    );
  });

  it('with valid credentials, any body and content type is accepted well-formed or quarantined, never refused, never thrown (25,000 runs)', () => {
    const guard = strictGuard();
    fc.assert(
      fc.property(arbProvider, arbBody, arbContentType, (provider, body, contentType) => {
        const headers: Record<string, string> =
          provider === 'instantly' ? { 'x-webhook-secret': SECRET }
          : provider === 'clay' ? { 'x-api-key': SECRET }
          : provider === 'ghl' ? { 'webhook-id': 'msg_1', 'webhook-timestamp': String(TS), 'webhook-signature': signStandardWebhook(WHSEC, 'msg_1', TS, body) }
          : {};
        const verdict = receiveWebhook(guard, options, provider, toRequest(body, headers, { secret: SECRET }, contentType), NOW);
        expect(verdict.isOk()).toBe(true);
        if (verdict.isOk() && verdict.value._tag === 'Events') expectWellFormed(provider, verdict.value.events);
      }),
      { numRuns: 25_000 },
    );
  });

  it('in permissive mode with the HeyReach allowlist, never throws and still checks configured providers (10,000 runs)', () => {
    const guard = new WebhookGuard({ strict: false, heyreachUnsignedAllowlist: true, authenticators: { instantly: [sharedSecretHeader('x-webhook-secret', [SECRET])] } });
    fc.assert(
      fc.property(arbProvider, arbBody, arbHeaders, arbQuery, arbContentType, (provider, body, headers, query, contentType) => {
        const verdict = receiveWebhook(guard, options, provider, toRequest(body, headers, query, contentType), NOW);
        if (provider === 'instantly') expect(verdict.isErr()).toBe(true);
        else if (verdict.isOk()) expect(verdict.value.authenticatedBy).toBe(provider === 'heyreach' ? 'unsigned_allowlisted' : 'unauthenticated_permissive');
      }),
      { numRuns: 10_000 },
    );
  });
});
