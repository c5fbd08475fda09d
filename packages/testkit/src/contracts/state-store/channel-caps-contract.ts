import type { Card, Channel } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { aCard, aClaim, aLead } from '../../builders.js';
import type { StateStoreContractEnv } from './contract-env.js';

const DAY = '2026-03-02';

/**
 * The contract of the per-channel daily cap (SEND_CHANNEL_CAPS) inside the send claim:
 * the channel's day counter is checked and counted in the same atomic step as the day's
 * counter, so concurrent claims on any number of instances never pass either cap.
 *
 * @category testing
 */
export const channelCapsContract = (env: StateStoreContractEnv): void => {
  describe('send claim: per-channel daily cap', () => {
    const queued = (ids: readonly string[], channel: Channel): Promise<Card[]> =>
      Promise.all(ids.map((id) => env.putQueued(aCard(`card_${channel}_${id}`, aLead(`${channel}${id}`), channel === 'ghl_email' ? {} : { channel, campaignId: 'cmp' }))));

    it('refuses at the channel cap, writing nothing, while other channels keep sending', async () => {
      const heyreach = await queued(['a', 'b', 'c'], 'heyreach');
      const ghl = await queued(['a', 'b'], 'ghl_email');
      expect((await env.store.claimSend(aClaim(heyreach[0]!, { channelDailyCap: 2 }))).isOk()).toBe(true);
      expect((await env.store.claimSend(aClaim(heyreach[1]!, { channelDailyCap: 2 }))).isOk()).toBe(true);
      const refused = await env.store.claimSend(aClaim(heyreach[2]!, { channelDailyCap: 2 }));
      expect(refused._unsafeUnwrapErr()).toMatchObject({ _tag: 'ClaimRefused', reason: 'channel_daily_cap_reached' });
      expect((await env.store.getCard(heyreach[2]!.id))._unsafeUnwrap()?.status).toBe('queued');
      expect((await env.store.getLedgerEntry(heyreach[2]!.id, 0))._unsafeUnwrap()).toBeNull();
      // Another channel with room of its own, and one with no cap of its own.
      expect((await env.store.claimSend(aClaim(ghl[0]!, { channelDailyCap: 5 }))).isOk()).toBe(true);
      expect((await env.store.claimSend(aClaim(ghl[1]!))).isOk()).toBe(true);
      expect((await env.store.countDaySends(DAY))._unsafeUnwrap()).toBe(4);
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({ heyreach: 2, ghl_email: 2 });
    });

    it('treats a cap of 0 as a closed channel', async () => {
      const [card] = await queued(['a'], 'instantly');
      expect((await env.store.claimSend(aClaim(card!, { channelDailyCap: 0 })))._unsafeUnwrapErr()).toMatchObject({ reason: 'channel_daily_cap_reached' });
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({});
    });

    it('counts per day: the next day starts at zero', async () => {
      const cards = await queued(['a', 'b'], 'heyreach');
      expect((await env.store.claimSend(aClaim(cards[0]!, { channelDailyCap: 1 }))).isOk()).toBe(true);
      expect((await env.store.claimSend(aClaim(cards[1]!, { channelDailyCap: 1 })))._unsafeUnwrapErr()).toMatchObject({ reason: 'channel_daily_cap_reached' });
      expect((await env.store.claimSend(aClaim(cards[1]!, { channelDailyCap: 1, dayKey: '2026-03-03' }))).isOk()).toBe(true);
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({ heyreach: 1 });
      expect((await env.store.countDayChannelSends('2026-03-03'))._unsafeUnwrap()).toEqual({ heyreach: 1 });
    });

    it('still applies the day cap when the channel has room', async () => {
      const cards = await queued(['a', 'b'], 'heyreach');
      expect((await env.store.claimSend(aClaim(cards[0]!, { dailyCap: 1, channelDailyCap: 10 }))).isOk()).toBe(true);
      expect((await env.store.claimSend(aClaim(cards[1]!, { dailyCap: 1, channelDailyCap: 10 })))._unsafeUnwrapErr()).toMatchObject({ reason: 'daily_cap_reached' });
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({ heyreach: 1 });
    });

    it('never passes the channel cap under concurrent claims', async () => {
      const heyreach = await queued(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'], 'heyreach');
      const ghl = await queued(['a', 'b', 'c', 'd'], 'ghl_email');
      const results = await Promise.all([...heyreach, ...ghl].map((card) => env.store.claimSend(aClaim(card, { channelDailyCap: card.channel === 'heyreach' ? 3 : 10 }))));
      const won = results.filter((r) => r.isOk()).map((r) => r._unsafeUnwrap().channel);
      expect(won.filter((c) => c === 'heyreach')).toHaveLength(3);
      expect(won.filter((c) => c === 'ghl_email')).toHaveLength(4);
      expect(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr())).toEqual(Array.from({ length: 9 }, () => expect.objectContaining({ reason: 'channel_daily_cap_reached' })));
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({ heyreach: 3, ghl_email: 4 });
      expect((await env.store.countDaySends(DAY))._unsafeUnwrap()).toBe(7);
    });

    it('exports the per-channel counts with the day and imports them back', async () => {
      const [card] = await queued(['a'], 'heyreach');
      await env.store.claimSend(aClaim(card!));
      const records = (await env.store.exportRecords())._unsafeUnwrap();
      expect(records.find((r) => r.kind === 'day_sends')?.value).toEqual({ dayKey: DAY, count: 1, byChannel: { heyreach: 1 } });
      await env.store.importRecords([{ kind: 'day_sends', value: { dayKey: DAY, count: 5, byChannel: { heyreach: 2, instantly: 3 } } }]);
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({ heyreach: 2, instantly: 3 });
      await env.store.importRecords([{ kind: 'day_sends', value: { dayKey: DAY, count: 5 } }]);
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({});
    });

    if (env.options.durable) it('keeps the per-channel counts across a restart', async () => {
      const [card] = await queued(['a'], 'instantly');
      await env.store.claimSend(aClaim(card!, { channelDailyCap: 1 }));
      await env.reopen();
      expect((await env.store.countDayChannelSends(DAY))._unsafeUnwrap()).toEqual({ instantly: 1 });
    });
  });
};
