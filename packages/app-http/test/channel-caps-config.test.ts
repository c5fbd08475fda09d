import { ChannelRegistry, capToday } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { parseChannelCaps } from '../src/config/parse-channel-caps.js';
import { parseConfig } from '../src/config/parse-config.js';

const TOKEN = 'a-dashboard-token-of-enough-length';
const parse = (env: Record<string, string>) => parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN, ...env });

describe('SEND_CHANNEL_CAPS', () => {
  it('is optional: unset, no channel has a cap of its own', () => {
    expect(parse({})._unsafeUnwrap().policy.channelCaps).toBeUndefined();
    expect(parseChannelCaps('  ')._unsafeUnwrap()).toEqual({});
  });

  it('parses channel=cap pairs next to the ramp, 0 closing a channel', () => {
    const { policy } = parse({ SEND_RAMP: '5,10,20', SEND_CHANNEL_CAPS: 'ghl_email=20, heyreach=10,instantly=0' })._unsafeUnwrap();
    expect(policy.channelCaps).toEqual({ ghl_email: 20, heyreach: 10, instantly: 0 });
    expect(capToday(policy, 1).channels.map((c) => [c.channel, c.cap])).toEqual([['ghl_email', 20], ['heyreach', 10], ['instantly', 0]]);
  });

  it.each<[string, string]>([
    ['ghl_email=20,linkedin=5', '"linkedin" is not a registered channel (ghl_email, instantly, heyreach)'],
    ['ghl_email=20,ghl_email=5', 'ghl_email is listed twice'],
    ['ghl_email', '"ghl_email" is not channel=cap (e.g. ghl_email=20,heyreach=10)'],
    ['heyreach=-1', '"heyreach=-1" is not channel=cap (e.g. ghl_email=20,heyreach=10)'],
    ['heyreach=2.5', '"heyreach=2.5" is not channel=cap (e.g. ghl_email=20,heyreach=10)'],
    ['heyreach=9999999', 'heyreach=9999999: a cap is a whole number from 0 to 1000000'],
  ])('refuses %j: %s', (raw, message) => {
    expect(parseChannelCaps(raw)._unsafeUnwrapErr()).toBe(message);
    const problems = parse({ SEND_CHANNEL_CAPS: raw })._unsafeUnwrapErr();
    expect(problems).toEqual([{ variable: 'SEND_CHANNEL_CAPS', message }]);
  });

  it('accepts a channel an adapter registered', () => {
    const registry = ChannelRegistry.builtIn().register({ id: 'sms', capabilities: { firstTouchEligible: true, needsCampaign: false, email: false, exclusiveWith: [] } })._unsafeUnwrap();
    expect(parseChannelCaps('sms=3', registry)._unsafeUnwrap()).toEqual({ sms: 3 });
  });
});
