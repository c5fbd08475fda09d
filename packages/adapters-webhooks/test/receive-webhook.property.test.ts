import { receiveWebhook, sharedSecretHeader, signStandardWebhook, standardWebhooks, urlSecret, WebhookGuard, DEFAULT_CLAY_MAPPING, REJECTION_STATUS } from '@caio/adapters-webhooks';
import { WEBHOOK_PROVIDERS } from '@caio/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { request } from './support.js';

const SECRET = 'instantly-secret-0123456789';
const WHSEC = `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`;
const now = new Date('2026-03-02T20:00:00.000Z');
const guard = new WebhookGuard({
  strict: true,
  heyreachUnsignedAllowlist: false,
  authenticators: { instantly: [sharedSecretHeader('x-webhook-secret', [SECRET])], rb2b: [urlSecret('secret', [SECRET])], clay: [standardWebhooks([WHSEC])] },
});
const options = { clay: { mapping: DEFAULT_CLAY_MAPPING, defaultSourceLabel: 'clay', defaultTier: 'tier_2' as const }, rb2b: { sourceLabel: 'rb2b', tier: 'tier_2' as const }, toleranceSeconds: 300 };

const arbHeaders = fc.dictionary(
  fc.constantFrom('x-webhook-secret', 'authorization', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-wh-signature', 'x-api-key', 'content-type'),
  fc.oneof(fc.string({ maxLength: 40 }), fc.constant(SECRET.slice(0, -1)), fc.constant(`v1,${'A'.repeat(44)}`), fc.constant(String(Math.floor(now.getTime() / 1000)))),
);
const arbBody = fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }), fc.constant('{"__proto__":{"x":1}}'), fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')));
const arbContentType = fc.oneof(fc.constant('application/json'), fc.constant('text/plain'), fc.constant('application/json; charset=utf-8'), fc.string({ maxLength: 20 }), fc.constant(undefined));

describe('receiveWebhook under arbitrary input', () => {
  it('never throws and never accepts without valid credentials (100,000 generated requests)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WEBHOOK_PROVIDERS), arbBody, arbHeaders, fc.dictionary(fc.constantFrom('secret', 'token'), fc.string({ maxLength: 30 })), arbContentType, (provider, body, headers, query, contentType) => {
        const result = receiveWebhook(guard, options, provider, request(body, headers, query, contentType as string), now);
        if (result.isErr()) {
          expect(REJECTION_STATUS[result.error._tag]).toBeGreaterThanOrEqual(400);
          return;
        }
        throw new Error(`accepted an unauthenticated ${provider} request: ${JSON.stringify({ body, headers, query })}`);
      }),
      { numRuns: 100_000 },
    );
  }, 120_000);

  it('accepts exactly the authenticated, valid deliveries', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('email_sent', 'email_bounced', 'reply_received'), (email, eventType) => {
        const body = JSON.stringify({ timestamp: now.toISOString(), event_type: eventType, campaign_id: 'cmp', lead_email: email });
        const ok = receiveWebhook(guard, options, 'instantly', request(body, { 'x-webhook-secret': SECRET }), now);
        expect(ok._unsafeUnwrap()).toMatchObject({ _tag: 'Events', authenticatedBy: 'shared_secret_header' });
        const ts = Math.floor(now.getTime() / 1000);
        const clay = JSON.stringify({ email });
        const signed = receiveWebhook(guard, options, 'clay', request(clay, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(WHSEC, 'msg_1', ts, clay) }), now);
        expect(signed._unsafeUnwrap()._tag).toBe('Events');
      }),
      { numRuns: 500 },
    );
  });

  it('answers RB2B 200-style quarantine for an authenticated but invalid body, 401 without the secret', () => {
    const bad = receiveWebhook(guard, options, 'rb2b', request('not json', {}, { secret: SECRET }, 'text/plain'), now);
    expect(bad._unsafeUnwrap()._tag).toBe('Quarantine');
    const noSecret = receiveWebhook(guard, options, 'rb2b', request('{}', {}, {}), now);
    expect(noSecret._unsafeUnwrapErr()._tag).toBe('WebhookUnauthorized');
  });

  it('checks size and media type before authentication', () => {
    expect(receiveWebhook(guard, options, 'instantly', request(Buffer.alloc(1_048_577), { 'x-webhook-secret': SECRET }), now)._unsafeUnwrapErr()._tag).toBe('WebhookTooLarge');
    expect(receiveWebhook(guard, options, 'instantly', request('{}', {}, {}, 'text/plain'), now)._unsafeUnwrapErr()._tag).toBe('WebhookUnsupportedMedia');
    expect(receiveWebhook(guard, options, 'instantly', request('{"__proto__":{}}', { 'x-webhook-secret': SECRET }), now)._unsafeUnwrapErr()._tag).toBe('WebhookMalformed');
  });
});
