import { parseGhl, parseHeyReach, parseInstantly, parseRb2b, parseClay, DEFAULT_CLAY_MAPPING } from '@caio/adapters-webhooks';
import { describe, expect, it } from 'vitest';
import { inertProbe } from '../src/cli/smoke/inert-webhook-events.js';
import { redact } from '../src/cli/smoke/smoke-report.js';
import { probeCredentialsFromEnv } from '../src/cli/smoke/webhook-credentials.js';
import { webhookRequest } from '../src/cli/smoke/webhook-probes.js';

const SECRET = 'unit-secret-0123456789abcdef';
const PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';

describe('smoke webhook credentials, read from the app\'s own variables', () => {
  it('uses the configured header name, the URL secret parameter and the bearer token shared by Instantly and Clay', () => {
    const { credentials, problems } = probeCredentialsFromEnv({ INSTANTLY_WEBHOOK_SECRET: `${SECRET}, other-secret-0123456789`, INSTANTLY_WEBHOOK_HEADER: 'X-Custom-Secret', WEBHOOK_BEARER_TOKEN: SECRET, RB2B_WEBHOOK_SECRET: SECRET });
    expect(problems).toEqual([]);
    expect(credentials.instantly).toEqual({ _tag: 'Usable', credential: { scheme: 'shared_secret_header', variable: 'INSTANTLY_WEBHOOK_SECRET', header: 'x-custom-secret', value: SECRET } });
    expect(credentials.clay).toEqual({ _tag: 'Usable', credential: { scheme: 'bearer', variable: 'WEBHOOK_BEARER_TOKEN', value: SECRET } });
    expect(credentials.rb2b).toMatchObject({ _tag: 'Usable', credential: { scheme: 'url_secret', parameter: 'secret' } });
    expect(credentials.heyreach).toMatchObject({ _tag: 'None', reason: expect.stringContaining('HEYREACH_WEBHOOK_SECRET') });
  });

  it('cannot probe GHL with its public key alone (only GHL can sign), and says so', () => {
    const { credentials } = probeCredentialsFromEnv({ GHL_WEBHOOK_ED25519_PUBLIC_KEY: PEM });
    expect(credentials.ghl).toMatchObject({ _tag: 'None', reason: expect.stringContaining('GHL_STANDARD_WEBHOOK_SECRET') });
  });

  it('names a Standard Webhooks secret that is not base64, without repeating it', () => {
    const { problems } = probeCredentialsFromEnv({ CLAY_STANDARD_WEBHOOK_SECRET: 'whsec_not base64!' });
    expect(problems).toEqual(['CLAY_STANDARD_WEBHOOK_SECRET: must be whsec_ followed by base64']);
  });

  it('puts each credential where the provider would', () => {
    const probe = inertProbe('rb2b');
    expect(webhookRequest('rb2b', probe, { scheme: 'url_secret', variable: 'RB2B_WEBHOOK_SECRET', parameter: 'secret', value: SECRET }, new Date()).query).toEqual({ secret: SECRET });
    expect(webhookRequest('clay', probe, { scheme: 'bearer', variable: 'WEBHOOK_BEARER_TOKEN', value: SECRET }, new Date()).headers).toMatchObject({ authorization: `Bearer ${SECRET}` });
    expect(webhookRequest('clay', probe, null, new Date()).headers).toEqual({ 'content-type': 'application/json' });
  });
});

describe('smoke probe bodies change nothing', () => {
  it('each is one Ignored event for the app\'s parsers', () => {
    const at = new Date();
    for (const [provider, parsed] of [
      ['instantly', parseInstantly(JSON.parse(inertProbe('instantly').body), at)],
      ['heyreach', parseHeyReach(JSON.parse(inertProbe('heyreach').body), at)],
      ['rb2b', parseRb2b(JSON.parse(inertProbe('rb2b').body), { sourceLabel: 'rb2b', tier: 'tier_2' }, at)],
      ['ghl', parseGhl(JSON.parse(inertProbe('ghl').body), at)],
      ['clay', parseClay(JSON.parse(inertProbe('clay').body), { mapping: DEFAULT_CLAY_MAPPING, defaultSourceLabel: 'clay', defaultTier: 'tier_2' }, at)],
    ] as const) {
      expect(parsed._unsafeUnwrap().map((e) => [e.type, e.eventId]), provider).toEqual([['Ignored', inertProbe(provider).eventId]]);
    }
  });
});

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redact(`a ${SECRET} b ${SECRET} c tok`, [SECRET, 'tok', ''])).toBe('a [redacted] b [redacted] c [redacted]');
  });
});
