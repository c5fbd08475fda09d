import { ghlEd25519Signature, ghlRsaSignature } from '@caio/adapters-webhooks';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NOW, request } from './support.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const pem = (key: { export: (o: { type: 'spki'; format: 'pem' }) => string | Buffer }) => key.export({ type: 'spki', format: 'pem' }).toString();
const RSA_PEM = pem(rsa.publicKey);
const ED_PEM = pem(ed.publicKey);

const body = (timestamp: unknown = NOW.toISOString()) => Buffer.from(JSON.stringify({ type: 'InboundMessage', locationId: 'loc', timestamp, webhookId: 'wh-1' }));
const rsaSign = (b: Buffer) => sign('sha256', b, rsa.privateKey).toString('base64');
const edSign = (b: Buffer) => sign(null, b, ed.privateKey).toString('base64');

describe('GHL x-wh-signature (RSA-SHA256, published key)', () => {
  const auth = ghlRsaSignature(RSA_PEM);
  const verify = (b: Buffer, signature: string | undefined, now = NOW) => auth.verify(request(b, signature === undefined ? {} : { 'x-wh-signature': signature }), now);

  it('verifies a body signed with the matching private key', () => {
    expect(verify(body(), rsaSign(body())).isOk()).toBe(true);
  });

  it('refuses a changed body, another key, garbage, a missing or an oversized signature', () => {
    const b = body();
    expect(verify(Buffer.concat([b, Buffer.from(' ')]), rsaSign(b))._unsafeUnwrapErr()).toBe('x-wh-signature does not verify');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verify(b, sign('sha256', b, other.privateKey).toString('base64')).isErr()).toBe(true);
    expect(verify(b, 'bm90IGEgc2lnbmF0dXJl')._unsafeUnwrapErr()).toBe('x-wh-signature does not verify');
    expect(verify(b, '***')._unsafeUnwrapErr()).toBe('x-wh-signature is not base64');
    expect(verify(b, undefined)._unsafeUnwrapErr()).toBe('missing x-wh-signature');
    expect(verify(b, 'A'.repeat(5000))._unsafeUnwrapErr()).toBe('x-wh-signature too long');
  });

  it('bounds replays by the signed timestamp, in both directions, with the configured tolerance', () => {
    const at = (offsetSeconds: number) => {
      const b = body(new Date(NOW.getTime() + offsetSeconds * 1000).toISOString());
      return verify(b, rsaSign(b)).isOk();
    };
    expect([at(-301), at(-299), at(299), at(301)]).toEqual([false, true, true, false]);
    const b = body(new Date(NOW.getTime() - 20_000).toISOString());
    expect(ghlRsaSignature(RSA_PEM, 10).verify(request(b, { 'x-wh-signature': rsaSign(b) }), NOW).isErr()).toBe(true);
  });

  it('reads the envelope timestamp as ISO, Unix seconds or milliseconds, never the timestamp of the event inside', () => {
    const seconds = body(Math.floor(NOW.getTime() / 1000));
    const millis = body(NOW.getTime());
    for (const b of [seconds, millis]) expect(verify(b, rsaSign(b)).isOk()).toBe(true);
    // LCEmailStats carries the mail event's own time, which may be long before GHL sent it.
    const stats = (envelope: object) => Buffer.from(JSON.stringify({ type: 'LCEmailStats', locationId: 'loc', ...envelope, webhookPayload: { event: 'opened', timestamp: 1714032441 } }));
    const sent = stats({ timestamp: NOW.toISOString(), webhookId: 'wh-2' });
    expect(verify(sent, rsaSign(sent)).isOk()).toBe(true);
    expect(verify(stats({}), rsaSign(stats({})))._unsafeUnwrapErr()).toContain('no usable envelope timestamp');
  });

  it('refuses a validly signed body without a usable timestamp (an unbounded replay)', () => {
    const noTimestamp = Buffer.from(JSON.stringify({ type: 'InboundMessage', locationId: 'loc' }));
    for (const b of [noTimestamp, ...[null, 'yesterday', '2026-13-45T99:99:99Z', -5, 1.5e9 + 0.5].map(body)]) {
      expect(verify(b, rsaSign(b))._unsafeUnwrapErr()).toContain('no usable envelope timestamp');
    }
    const notJson = Buffer.from('not json');
    expect(verify(notJson, rsaSign(notJson))._unsafeUnwrapErr()).toContain('signed body unreadable');
  });

  it('refuses a key of the wrong type at construction', () => {
    expect(() => ghlRsaSignature(ED_PEM)).toThrow(/rsa/);
    expect(() => ghlRsaSignature('not a key')).toThrow();
  });
});

describe('GHL x-ghl-signature (Ed25519, published key)', () => {
  const auth = ghlEd25519Signature(ED_PEM);
  const verify = (b: Buffer, signature: string) => auth.verify(request(b, { 'x-ghl-signature': signature }), NOW);

  it('verifies, and refuses changed bodies and malformed signatures', () => {
    const b = body();
    expect(verify(b, edSign(b)).isOk()).toBe(true);
    expect(verify(body(new Date(NOW.getTime() + 1000).toISOString()), edSign(b)).isErr()).toBe(true);
    expect(verify(b, 'AAAA')._unsafeUnwrapErr()).toBe('x-ghl-signature does not verify');
    expect(auth.verify(request(b, { 'x-wh-signature': rsaSign(b) }), NOW)._unsafeUnwrapErr()).toBe('missing x-ghl-signature');
  });

  it('accepts the key as a bare base64 SPKI or with escaped newlines (as env files hold it)', () => {
    const bare = ED_PEM.replace(/-----[^-]+-----/g, '').replace(/\s/g, '');
    const b = body();
    expect(ghlEd25519Signature(bare).verify(request(b, { 'x-ghl-signature': edSign(b) }), NOW).isOk()).toBe(true);
    expect(ghlEd25519Signature(ED_PEM.replace(/\n/g, '\\n')).verify(request(b, { 'x-ghl-signature': edSign(b) }), NOW).isOk()).toBe(true);
    expect(() => ghlEd25519Signature(RSA_PEM)).toThrow(/ed25519/);
  });
});
