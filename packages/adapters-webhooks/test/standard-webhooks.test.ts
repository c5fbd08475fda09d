import { decodeSecret, signStandardWebhook, standardWebhooks } from '@caio/adapters-webhooks';
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
const reason = (body: string, h: Record<string, string>, now = AT) => verify(body, h, now)._unsafeUnwrapErr();

describe('Standard Webhooks', () => {
  it('passes the published vector under an injected clock, and signs it identically', () => {
    expect(verify(BODY, headers()).isOk()).toBe(true);
    expect(signStandardWebhook(KEY, ID, TS, BODY)).toBe(SIGNATURE);
    expect(decodeSecret(KEY)).toHaveLength(24);
  });

  it('accepts the secret with or without the whsec_ prefix', () => {
    expect(verify(BODY, headers(), AT, standardWebhooks([KEY.slice('whsec_'.length)])).isOk()).toBe(true);
  });

  it('fails when one byte of the body, id, timestamp, signature or secret changes', () => {
    expect(reason('{"test": 2432232315}', headers())).toBe('no signature matches');
    expect(reason(BODY, headers({ 'webhook-id': `${ID.slice(0, -1)}l` }))).toBe('no signature matches');
    expect(reason(BODY, headers({ 'webhook-timestamp': String(TS + 1) }))).toBe('no signature matches');
    expect(reason(BODY, headers({ 'webhook-signature': SIGNATURE.replace('g0hM', 'g0hN') }))).toBe('no signature matches');
    expect(verify(BODY, headers(), AT, standardWebhooks(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx'])).isErr()).toBe(true);
  });

  it('fails on re-serialised JSON (whitespace or key order)', () => {
    expect(verify('{"test":2432232314}', headers()).isErr()).toBe(true);
    expect(verify(JSON.stringify(JSON.parse(BODY), null, 2), headers()).isErr()).toBe(true);
    const signed = '{"a":1,"b":2}';
    const h = headers({ 'webhook-signature': signStandardWebhook(KEY, ID, TS, signed) });
    expect(verify(signed, h).isOk()).toBe(true);
    expect(verify('{"b":2,"a":1}', h).isErr()).toBe(true);
  });

  it('applies the tolerance in both directions: +-299 s pass, +-301 s fail', () => {
    const at = (delta: number) => verify(BODY, headers(), new Date((TS + delta) * 1000)).isOk();
    expect([at(-301), at(-299), at(299), at(301)]).toEqual([false, true, true, false]);
  });

  it('has exact 1 s edges, counting the clock in whole seconds as the reference library does', () => {
    const at = (ms: number) => verify(BODY, headers(), new Date(TS * 1000 + ms)).isOk();
    // The clock second TS+300 (up to .999) is within; TS+301 is not.
    expect([at(300_000), at(300_999), at(301_000)]).toEqual([true, true, false]);
    // The clock second TS-300 is within; TS-300.001 already lies in second TS-301.
    expect([at(-300_000), at(-300_001), at(-301_000)]).toEqual([true, false, false]);
    expect(verify(BODY, headers(), new Date((TS + 11) * 1000), standardWebhooks([KEY], 10)).isErr()).toBe(true);
    expect(verify(BODY, headers(), new Date((TS + 10) * 1000), standardWebhooks([KEY], 10)).isOk()).toBe(true);
  });

  it.each(['abc', '1614265330abc', '', ' 1614265330', '1614265330000', '-1614265330', '1614265330.5', '1e9', '0x60367f32'])('refuses the timestamp %j', (ts) => {
    expect(verify(BODY, headers({ 'webhook-timestamp': ts })).isErr()).toBe(true);
  });

  it('refuses missing headers, an id or timestamp with a dot, and partial signatures', () => {
    for (const missing of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const h: Record<string, string> = headers();
      delete h[missing];
      expect(reason(BODY, h)).toContain('missing');
    }
    expect(reason(BODY, headers({ 'webhook-id': 'msg.1' }))).toContain('"."');
    expect(verify(BODY, headers({ 'webhook-signature': SIGNATURE.slice(0, 8) })).isErr()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': 'v1,' })).isErr()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': SIGNATURE.slice(0, -2) })).isErr()).toBe(true);
    // Lenient base64 decoding would drop trailing bytes; the strict format refuses them.
    expect(verify(BODY, headers({ 'webhook-signature': `${SIGNATURE}AA` })).isErr()).toBe(true);
    // 'F' differs from 'E' only in padding bits: the same bytes once decoded, yet not the signature sent.
    expect(Buffer.from(SIGNATURE.slice(3).replace('1OE=', '1OF='), 'base64')).toEqual(Buffer.from(SIGNATURE.slice(3), 'base64'));
    expect(verify(BODY, headers({ 'webhook-signature': SIGNATURE.replace('1OE=', '1OF=') })).isErr()).toBe(true);
  });

  it('accepts a rotation with two signatures against either configured key, and several configured keys', () => {
    const next = `whsec_${Buffer.from('another-secret-of-24-bytes!!').toString('base64')}`;
    const both = `${signStandardWebhook(KEY, ID, TS, BODY)} ${signStandardWebhook(next, ID, TS, BODY)}`;
    expect(verify(BODY, headers({ 'webhook-signature': both }), AT, standardWebhooks([KEY])).isOk()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': both }), AT, standardWebhooks([next])).isOk()).toBe(true);
    expect(verify(BODY, headers(), AT, standardWebhooks([next, KEY])).isOk()).toBe(true);
    expect(verify(BODY, headers({ 'webhook-signature': `v1,bad v2,alsobad v1a,${SIGNATURE.slice(3)} ${SIGNATURE}` })).isOk()).toBe(true);
  });

  it('refuses a header with only unknown versions', () => {
    expect(reason(BODY, headers({ 'webhook-signature': SIGNATURE.replace('v1,', 'v2,') }))).toBe('no well-formed v1 signature');
    expect(reason(BODY, headers({ 'webhook-signature': SIGNATURE.replace('v1,', 'v1a,') }))).toBe('no well-formed v1 signature');
  });

  it('refuses oversized and 1,000-entry headers on length alone, before any HMAC', () => {
    const many = Array.from({ length: 1000 }, () => SIGNATURE).join(' ');
    const manyShort = Array.from({ length: 1000 }, () => 'v1,').join('');
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      expect(reason(BODY, headers({ 'webhook-signature': many }))).toBe('webhook headers too long');
      expect(reason(BODY, headers({ 'webhook-signature': `v1,${'A'.repeat(10_000)}` }))).toBe('webhook headers too long');
      expect(reason(BODY, headers({ 'webhook-id': 'x'.repeat(257) }))).toBe('webhook headers too long');
    }
    expect(reason(BODY, headers({ 'webhook-signature': Array.from({ length: 11 }, () => SIGNATURE).join(' ') }))).toContain('more than 10 signatures');
    expect(reason(BODY, headers({ 'webhook-signature': manyShort }))).toBe('no well-formed v1 signature');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a Stripe-style key (the whole whsec_ string as UTF-8) cross-wired with base64 decoding, both ways', () => {
    const stripeStyle = `v1,${createHmac('sha256', KEY).update(`${ID}.${TS}.${BODY}`).digest('base64')}`;
    expect(verify(BODY, headers({ 'webhook-signature': stripeStyle })).isErr()).toBe(true);
    // Our Stripe vector's secret is not base64: configuring it as a Standard Webhooks key is a wiring error.
    expect(decodeSecret('whsec_test_secret')).toBeUndefined();
    expect(() => standardWebhooks(['whsec_test_secret'])).toThrow(/base64/);
  });

  it('treats an empty key list or an empty key as a wiring bug', () => {
    expect(() => standardWebhooks([])).toThrow();
    expect(() => standardWebhooks(['whsec_'])).toThrow();
  });
});
