import { CHANNELS, isBuiltInChannel, type Cadence } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';

/**
 * `CADENCES`: follow-up steps per campaign in one line an operator can type.
 * `channel[:campaignId]=d1,d2,...` entries separated by `;` — step 1 is due d1 days
 * after step 0 was sent, step 2 d2 days after step 1, and so on.
 * Example: `instantly:cmp-q4=3,7;heyreach:hr-7=2;ghl_email=4`.
 *
 * @category model
 */
export const parseCadences = (text: string | undefined): Result<readonly Cadence[], string> => {
  if (!text?.trim()) return ok([]);
  const cadences: Cadence[] = [];
  for (const entry of text.split(';').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([a-z_]+)(?::([^=\s]+))?=([\d,\s]+)$/.exec(entry);
    if (!match) return err(`"${entry}" is not channel[:campaignId]=days,days,...`);
    const [, channel, campaignId, days] = match;
    if (!isBuiltInChannel(channel)) return err(`"${channel}" is not a channel (${CHANNELS.join(', ')})`);
    const delays = days!.split(',').map((d) => Number(d.trim()));
    if (delays.some((d) => !Number.isInteger(d) || d < 1 || d > 365)) return err(`"${entry}": every delay must be a whole number of days from 1 to 365`);
    if (cadences.some((c) => c.channel === channel && (c.campaignId ?? null) === (campaignId ?? null))) return err(`"${entry}" repeats a cadence for the same channel and campaign`);
    cadences.push({ channel, ...(campaignId ? { campaignId } : {}), steps: delays.map((delayDays, i) => ({ step: i + 1, delayDays })) });
  }
  return ok(cadences);
};
