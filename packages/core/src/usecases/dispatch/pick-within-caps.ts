import type { Card } from '../../card/card.js';
import type { ChannelCounts } from '../../channel.js';

/**
 * The cards a dispatcher batch may hold, in order: no more than `dayRoom` in all, and for
 * a channel with a cap of its own (`channelRoom`) no more than its room. The claim
 * enforces both caps atomically anyway; this keeps the batch from holding cards that
 * could only be refused.
 *
 * @category model
 */
export const pickWithinCaps = (cards: readonly Card[], dayRoom: number, channelRoom: ChannelCounts): readonly Card[] => {
  const taken = new Map<string, number>();
  const picked: Card[] = [];
  for (const card of cards) {
    if (picked.length >= dayRoom) break;
    const room = channelRoom[card.channel];
    const used = taken.get(card.channel) ?? 0;
    if (room !== undefined && used >= room) continue;
    taken.set(card.channel, used + 1);
    picked.push(card);
  }
  return picked;
};
