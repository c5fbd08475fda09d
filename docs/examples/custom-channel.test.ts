import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the example is plain JavaScript on purpose (copy-paste friendly)
import { main } from './custom-channel.mjs';

describe('docs/examples/custom-channel.mjs', () => {
  it('sends on a registered channel, refuses a follow-up-only channel as a first touch, and keeps exclusivity', async () => {
    const lines: string[] = [];
    await main((line: string) => lines.push(line));
    expect(lines).toEqual([
      'channels: ghl_email, instantly, heyreach, whatsapp, sms_reminder',
      'first touches: card_sms denied (not_first_touch_channel); card_wa sent',
      // The denied SMS card stays approved, so the next batch takes it again.
      'e-mail after a WhatsApp first touch: card_mail denied (already_first_touched,channel_exclusivity); card_sms denied (not_first_touch_channel)',
      'delivered: whatsapp 1, ghl 0',
    ]);
  });
});
