import { DEFAULT_CLAY_MAPPING, MAX_WEBHOOK_BYTES, receiveWebhook, REJECTION_STATUS, sharedSecretHeader, signStandardWebhook, standardWebhooks, urlSecret, WebhookGuard, type ParseOptions } from '@caio/adapters-webhooks';
import type { WebhookProvider } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { clayRow, ghlInboundEmail, heyreachSnake, instantlySent, rb2bCompany, rb2bPerson } from './fixtures.js';
import { NOW, request } from './support.js';

const SECRET = 'shared-secret-0123456789';
const WHSEC = `whsec_${Buffer.from('twenty-four-random-bytes!').toString('base64')}`;
const guard = () =>
  new WebhookGuard({
    strict: true,
    heyreachUnsignedAllowlist: false,
    authenticators: {
      instantly: [sharedSecretHeader('x-webhook-secret', [SECRET])],
      clay: [sharedSecretHeader('x-api-key', [SECRET])],
      rb2b: [urlSecret('secret', [SECRET])],
      heyreach: [urlSecret('secret', [SECRET])],
      ghl: [standardWebhooks([WHSEC])],
    },
  });
const options: ParseOptions = { clay: { mapping: DEFAULT_CLAY_MAPPING, defaultSourceLabel: 'clay', defaultTier: 'tier_2' }, rb2b: { sourceLabel: 'rb2b', tier: 'tier_2' } };
const TS = Math.floor(NOW.getTime() / 1000);

const credentials = (provider: WebhookProvider, body: string): { headers: Record<string, string>; query: Record<string, string> } => {
  switch (provider) {
    case 'instantly':
      return { headers: { 'x-webhook-secret': SECRET }, query: {} };
    case 'clay':
      return { headers: { 'x-api-key': SECRET }, query: {} };
    case 'ghl':
      return { headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(TS), 'webhook-signature': signStandardWebhook(WHSEC, 'msg_1', TS, body) }, query: {} };
    default:
      return { headers: {}, query: { secret: SECRET } };
  }
};
const receive = (provider: WebhookProvider, body: string | Buffer, contentType: string | null = 'application/json', g = guard()) => {
  const c = credentials(provider, body.toString());
  return receiveWebhook(g, options, provider, request(body, c.headers, c.query, contentType), NOW);
};

describe('receiveWebhook', () => {
  it.each([
    ['instantly', instantlySent, 'EmailSent'],
    ['heyreach', heyreachSnake, 'LinkedInReplyReceived'],
    ['clay', clayRow, 'LeadEnriched'],
    ['rb2b', rb2bPerson, 'VisitorIdentified'],
    ['ghl', ghlInboundEmail, 'ReplyReceived'],
  ] as const)('turns an authenticated %s fixture into its events', (provider, fixture, type) => {
    const verdict = receive(provider, JSON.stringify(fixture))._unsafeUnwrap();
    expect(verdict).toMatchObject({ _tag: 'Events', events: [{ type, provider }] });
  });

  it('reports how the request was authenticated', () => {
    expect(receive('instantly', JSON.stringify(instantlySent))._unsafeUnwrap()).toMatchObject({ authenticatedBy: 'shared_secret_header' });
    expect(receive('ghl', JSON.stringify(ghlInboundEmail))._unsafeUnwrap()).toMatchObject({ authenticatedBy: 'standard_webhooks' });
  });

  it('refuses 1 MiB + 1 byte with 413 before authentication; a non-JSON type only after it, by quarantine', () => {
    const g = guard();
    const big = Buffer.alloc(MAX_WEBHOOK_BYTES + 1, 32);
    expect(receiveWebhook(g, options, 'instantly', request(big), NOW)._unsafeUnwrapErr()._tag).toBe('WebhookTooLarge');
    expect(receiveWebhook(g, options, 'rb2b', request(big), NOW)._unsafeUnwrapErr()._tag).toBe('WebhookTooLarge');
    // Not counted as an authentication failure: no credential was looked at.
    expect(g.status().instantly.rejected_count).toBe(0);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp', null]) {
      expect(receiveWebhook(g, options, 'instantly', request('{}', {}, {}, type), NOW)._unsafeUnwrapErr()._tag).toBe('WebhookUnauthorized');
      expect(receive('instantly', JSON.stringify(instantlySent), type)._unsafeUnwrap()).toMatchObject({ _tag: 'Quarantine', reason: expect.stringContaining('is not JSON') });
    }
    expect(receive('instantly', JSON.stringify(instantlySent), 'application/json; charset=utf-8').isOk()).toBe(true);
    expect(receive('instantly', Buffer.alloc(MAX_WEBHOOK_BYTES, 32))._unsafeUnwrap()._tag).toBe('Quarantine');
    expect(REJECTION_STATUS).toEqual({ WebhookUnauthorized: 401, WebhookTooLarge: 413 });
  });

  it('refuses unauthenticated requests with 401 and never parses them', () => {
    const verdict = receiveWebhook(guard(), options, 'instantly', request('{"__proto__":{}}'), NOW);
    expect(verdict._unsafeUnwrapErr()).toMatchObject({ _tag: 'WebhookUnauthorized', provider: 'instantly' });
  });

  it('refuses a re-serialised body of a signed delivery with 401', () => {
    const body = JSON.stringify(ghlInboundEmail);
    const c = credentials('ghl', body);
    const reformatted = JSON.stringify(ghlInboundEmail, null, 2);
    expect(receiveWebhook(guard(), options, 'ghl', request(reformatted, c.headers), NOW)._unsafeUnwrapErr()._tag).toBe('WebhookUnauthorized');
  });

  it.each(['instantly', 'heyreach', 'clay', 'rb2b', 'ghl'] as const)('quarantines an authenticated but unusable %s delivery instead of refusing it', (provider) => {
    for (const [body, type] of [['not json', 'application/json'], ['{"__proto__":{}}', 'application/json'], ['{"a":{"constructor":{"prototype":{}}}}', 'application/json'], ['[1,2]', 'application/json'], ['{}', 'text/plain'], ['{}', null]] as const) {
      expect(receive(provider, body, type)._unsafeUnwrap()).toMatchObject({ _tag: 'Quarantine', reason: expect.any(String) });
    }
  });

  it('still refuses an RB2B delivery with a wrong URL secret, and records a company-only profile as Ignored', () => {
    expect(receive('rb2b', JSON.stringify(rb2bCompany))._unsafeUnwrap()).toMatchObject({ _tag: 'Events', events: [{ type: 'Ignored' }] });
    expect(receiveWebhook(guard(), options, 'rb2b', request('{}', {}, { secret: 'wrong-secret-0123456789' }), NOW)._unsafeUnwrapErr()._tag).toBe('WebhookUnauthorized');
  });

  it('is deterministic: the same delivery gives the same event ids', () => {
    const ids = () => receive('clay', JSON.stringify([clayRow, { ...clayRow, email: 'grace@acme.com' }]))._unsafeUnwrap();
    expect(ids()).toEqual(ids());
  });
});
