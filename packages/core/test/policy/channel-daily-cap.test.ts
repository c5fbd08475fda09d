import { capToday, channelRoom, DEFAULT_SEND_POLICY_CONFIG, evaluateSendPolicy, pickWithinCaps, recordPolicyDecision, type PolicyContext } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { allowingContext } from './context.js';

const config = { ...DEFAULT_SEND_POLICY_CONFIG, dailyCap: 50, channelCaps: { ghl_email: 3, heyreach: 0 } };
const decide = (overrides: Partial<PolicyContext>) => evaluateSendPolicy(allowingContext({ config, ...overrides }));
const denials = (overrides: Partial<PolicyContext>) => {
  const decision = decide(overrides);
  return decision.allowed ? [] : decision.denials.map((d) => d.rule);
};

describe('per-channel daily cap (SEND_CHANNEL_CAPS)', () => {
  it('allows under the channel cap and hands the cap to the claim', () => {
    expect(decide({ sentTodayOnChannel: 2 })).toEqual({ allowed: true, dayKey: '2026-03-02', dailyCap: 50, channelDailyCap: 3 });
  });

  it('denies at the channel cap, saying how many of the channel\'s sends are used', () => {
    const decision = decide({ sentToday: 3, sentTodayOnChannel: 3 });
    expect(decision.allowed ? [] : decision.denials).toEqual([{ rule: 'channel_daily_cap_reached', detail: '3 of 3 ghl_email sends are used today.' }]);
  });

  it('denies every send on a channel whose cap is 0', () => {
    const card = { ...allowingContext().card, channel: 'heyreach' as const, campaignId: 'cmp' };
    expect(denials({ card, campaign: { _tag: 'Mapped' } })).toEqual(['channel_daily_cap_reached']);
  });

  it('leaves a channel without a cap of its own to the day cap alone', () => {
    const card = { ...allowingContext().card, channel: 'instantly' as const, campaignId: 'cmp' };
    const decision = decide({ card, campaign: { _tag: 'Mapped' }, sentTodayOnChannel: 40 });
    expect(decision).toEqual({ allowed: true, dayKey: '2026-03-02', dailyCap: 50 });
    expect(denials({ card, campaign: { _tag: 'Mapped' }, sentToday: 50, sentTodayOnChannel: 40 })).toEqual(['daily_cap_reached']);
  });

  it('applies both caps: the day cap denies even when the channel has room', () => {
    expect(denials({ sentToday: 50, sentTodayOnChannel: 1 })).toEqual(['daily_cap_reached']);
    expect(denials({ sentToday: 50, sentTodayOnChannel: 3 })).toEqual(['daily_cap_reached', 'channel_daily_cap_reached']);
  });

  it('explains the channel caps with today\'s cap, and the room each leaves', () => {
    const cap = capToday(config, 0);
    expect(cap.channels).toEqual([
      { channel: 'ghl_email', cap: 3, reason: 'SEND_CHANNEL_CAPS ghl_email=3, within the day\'s cap' },
      { channel: 'heyreach', cap: 0, reason: 'SEND_CHANNEL_CAPS heyreach=0: closed' },
    ]);
    expect(channelRoom(cap, 10, { ghl_email: 1 })).toEqual({ ghl_email: 2, heyreach: 0 });
    // The channel's room never exceeds the day's.
    expect(channelRoom(cap, 49, {})).toEqual({ ghl_email: 1, heyreach: 0 });
    expect(capToday(DEFAULT_SEND_POLICY_CONFIG, 0).channels).toEqual([]);
  });

  it('records the channel caps and the channel\'s count in the decision, so a replay reproduces the denial', () => {
    const context = allowingContext({ config, sentToday: 3, sentTodayOnChannel: 3 });
    const record = recordPolicyDecision(context, evaluateSendPolicy(context));
    expect(record.config.channelCaps).toEqual({ ghl_email: 3, heyreach: 0 });
    expect(record.history.sentTodayOnChannel).toBe(3);
    expect(record.decision.denials).toEqual(['channel_daily_cap_reached']);
    const plain = allowingContext();
    const without = recordPolicyDecision(plain, evaluateSendPolicy(plain));
    expect('channelCaps' in without.config || 'sentTodayOnChannel' in without.history).toBe(false);
  });

  it('fills a dispatcher batch within the day\'s room and each channel\'s room, in order', () => {
    const lead = allowingContext().lead!;
    const base = allowingContext().card;
    const cards = (['ghl_email', 'heyreach', 'ghl_email', 'instantly', 'heyreach', 'ghl_email'] as const).map((channel, i) => ({ ...base, id: `card_${i}` as typeof base.id, leadId: lead.id, channel }));
    const ids = (picked: readonly { id: string }[]) => picked.map((c) => c.id);
    expect(ids(pickWithinCaps(cards, 10, { ghl_email: 2, heyreach: 1 }))).toEqual(['card_0', 'card_1', 'card_2', 'card_3']);
    expect(ids(pickWithinCaps(cards, 3, {}))).toEqual(['card_0', 'card_1', 'card_2']);
    expect(ids(pickWithinCaps(cards, 10, { ghl_email: 0, heyreach: 0 }))).toEqual(['card_3']);
  });
});
