import { ChannelRegistry, evaluateSendPolicy, runQualityGate, DEFAULT_QUALITY_CONFIG, type ChannelDescriptor } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { allowingContext } from './context.js';

const sms: ChannelDescriptor = { id: 'sms', capabilities: { firstTouchEligible: false, needsCampaign: false, email: false, exclusiveWith: [] } };
const whatsapp: ChannelDescriptor = { id: 'whatsapp', capabilities: { firstTouchEligible: true, needsCampaign: false, email: false, exclusiveWith: ['ghl_email'] } };
const withBoth = ChannelRegistry.builtIn().register(sms).andThen((r) => r.register(whatsapp))._unsafeUnwrap();

describe('ChannelRegistry', () => {
  it('registers a channel in a new registry and refuses a taken id, an ill-formed id, or excluding itself', () => {
    expect(ChannelRegistry.builtIn().ids()).toEqual(['ghl_email', 'instantly', 'heyreach']);
    expect(withBoth.ids()).toEqual(['ghl_email', 'instantly', 'heyreach', 'sms', 'whatsapp']);
    expect(ChannelRegistry.builtIn().get('sms')).toBeUndefined();
    expect(withBoth.register(sms)._unsafeUnwrapErr().message).toContain('already registered');
    expect(withBoth.register({ ...sms, id: 'SMS!' })._unsafeUnwrapErr().message).toContain('not a channel id');
    expect(withBoth.register({ id: 'fax', capabilities: { ...sms.capabilities, exclusiveWith: ['fax'] } })._unsafeUnwrapErr().message).toContain('cannot exclude itself');
  });

  it('excludes when either channel lists the other; an unregistered channel excludes everything', () => {
    expect(withBoth.excludes('ghl_email', 'instantly')).toBe(true);
    expect(withBoth.excludes('ghl_email', 'whatsapp')).toBe(true);
    expect(withBoth.excludes('whatsapp', 'ghl_email')).toBe(true);
    expect(withBoth.excludes('heyreach', 'whatsapp')).toBe(false);
    expect(withBoth.excludes('sms', 'heyreach')).toBe(false); // neither lists the other
    expect(withBoth.excludes('whatsapp', 'sms')).toBe(false);
    expect(withBoth.excludes('retired', 'sms')).toBe(true);
    expect(withBoth.excludes('sms', 'sms')).toBe(false);
  });
});

describe('policy rules reading the registry', () => {
  const card = (channel: string, step = 0) => ({ ...allowingContext().card, channel, step });
  it('denies an unregistered channel, a follow-up-only first touch, and a registered exclusion', () => {
    expect(evaluateSendPolicy(allowingContext({ card: card('sms') }))).toMatchObject({ allowed: false, denials: [{ rule: 'channel_unregistered' }] });
    expect(evaluateSendPolicy(allowingContext({ card: card('sms'), channels: withBoth }))).toMatchObject({ allowed: false, denials: [{ rule: 'not_first_touch_channel' }] });
    const touchedByGhl = [{ identityKey: allowingContext().card.leadKeys[0]!, cardId: 'card_0' as never, channel: 'ghl_email', at: '2026-03-01T00:00:00.000Z' }];
    const decision = evaluateSendPolicy(allowingContext({ card: card('whatsapp'), channels: withBoth, firstTouches: touchedByGhl }));
    expect(decision.allowed ? [] : decision.denials.map((d) => d.rule)).toEqual(['already_first_touched', 'channel_exclusivity']);
    expect(evaluateSendPolicy(allowingContext({ card: card('whatsapp'), channels: withBoth })).allowed).toBe(true);
  });

  it('asks for a subject only on channels registered as e-mail', () => {
    const draft = { channel: 'whatsapp', body: 'Hi Ada, saw the team is hiring SDRs, which often means outbound is scaling.', opener: 'Saw the team is hiring SDRs.' };
    expect(runQualityGate(draft, DEFAULT_QUALITY_CONFIG, withBoth).passed).toBe(true);
    const asEmail = ChannelRegistry.builtIn().register({ id: 'whatsapp', capabilities: { ...whatsapp.capabilities, email: true } })._unsafeUnwrap();
    expect(runQualityGate(draft, DEFAULT_QUALITY_CONFIG, asEmail).hits.map((h) => h.check)).toContain('empty_subject');
  });
});
