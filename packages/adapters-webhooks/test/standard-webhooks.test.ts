import { signStandardWebhook, standardWebhooks } from '@caio/adapters-webhooks';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { request } from './support.js';

// The published vector of Standard Webhooks 1.0 (reliability.md section 1).
const KEY = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const AT = new Date(TS * 1000);

const verifier = standardWebhooks([KEY]);
const headers = (overrides: Record<string, string> = {}) => ({ 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': SIGNATURE, ...overrides });
const verify = (body: string, h: Record<string, string>, now = AT, v = verifier) => v.verify(request(body, h), now);

describe('Standard Webhooks', () => {
  it('passes the published vector, and signs it identically', () => {
    expect(verify(BODY, headers()).isOk()).toBe(true);
    expect(signStandardWebhook(KEY, ID, TS, BODY)).toBe(SIGNATURE);
  });

  it('fails when one byte of the body, id, timestamp or secret changes', () => {
    expect(verify('{"test": 2432232315}', headers()).isErr()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-id': `${ID}x` })).isErr()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-timestamp': String(TS + 1) }), new Date((TS + 1) * 1000)).isErr()).toBe(true);
    expect(verify(BODY, headers(), AT, standardWebhooks(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx'])).isErr()).toBe(true);
  });

  it('fails on re-serialised JSON (whitespace or key order)', () => {
    expect(verify('{"test":2432232314}', headers()).isErr()).toBe(true);
    expect(verify(JSON.stringify(JSON.parse(BODY), null, 2), headers()).isErr()).toBe(true);
  });

  it('applies the tolerance in both directions: +-299 s pass, +-301 s fail, and exactly at +-300 s', () => {
    const at = (delta: number) => verify(BODY, headers(), new Date((TS + delta) * 1000)).isOk();
    expect([at(-301), at(-300), at(-299), at(299), at(300), at(301)]).toEqual([false, true, true, true, true, false]);
  });

  it.each(['abc', '1614265330abc', '', '1614265330000', '-1614265330', '1614265330.5'])('refuses the timestamp %j', (ts) => {
    expect(verify(BODY, headers({ 'webhook-timestamp': ts })).isErr()).toBe(true);
  });

  it('refuses missing headers and partial signatures', () => {
    for (const missing of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const h = headers();
      delete (h as Record<string, string>)[missing];
      expect(verify(BODY, h).isErr()).toBe(true);
    }
    expect(verify(BODY, headers({ 'webhook-signature': SIGNATURE.slice(0, 8) })).isErr()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': 'v1,' })).isErr()).toBe(true);
  });

  it('accepts a rotation with two signatures against either configured key', () => {
    const next = `whsec_${Buffer.from('another-secret-of-24-bytes!!').toString('base64')}`;
    const both = `${signStandardWebhook(KEY, ID, TS, BODY)} ${signStandardWebhook(next, ID, TS, BODY)}`;
    expect(verify(BODY, headers({ 'webhook-signature': both }), AT, standardWebhooks([KEY])).isOk()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': both }), AT, standardWebhooks([next])).isOk()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': `v1,bad v2,alsobad ${SIGNATURE}` })).isOk()).toBe(true);
  });

  it('refuses a header with only unknown versions, and oversized or many-entry headers quickly', () => {
    expect(verify(BODY, headers({ 'webhook-signature': SIGNATURE.replace('v1,', 'v2,') })).isErr()).toBe(true);
    const many = Array.from({ length: 1000 }, () => SIGNATURE).join(' ');
    const started = process.hrtime.bigint();
    expect(verify(BODY, headers({ 'webhook-signature': many })).isErr()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': `v1,${'A'.repeat(10_000)}` })).isErr()).toBe(true);
    // Refused before any HMAC work: both checks are length checks.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });

  it('refuses a Stripe-style key (the whole whsec_ string as UTF-8) cross-wired with base64 decoding', () => {
    const stripeStyle = `v1,${createHmac('sha256', KEY).update(`${ID}.${TS}.${BODY}`).digest('base64')}`;
    expect(verify(BODY, headers({ 'webhook-signature': stripeStyle })).isErr()).toBe(true);
  });
});
