import { describe, expect, it } from 'vitest';
import { parseCadences } from '../src/config/parse-cadences.js';
import { parseConfig } from '../src/config/parse-config.js';

describe('CADENCES', () => {
  it('reads channel[:campaign]=days,... entries into numbered steps', () => {
    expect(parseCadences('instantly:cmp-q4=3,7; heyreach:hr-7=2;ghl_email=4')._unsafeUnwrap()).toEqual([
      { channel: 'instantly', campaignId: 'cmp-q4', steps: [{ step: 1, delayDays: 3 }, { step: 2, delayDays: 7 }] },
      { channel: 'heyreach', campaignId: 'hr-7', steps: [{ step: 1, delayDays: 2 }] },
      { channel: 'ghl_email', steps: [{ step: 1, delayDays: 4 }] },
    ]);
    expect(parseCadences(undefined)._unsafeUnwrap()).toEqual([]);
    expect(parseCadences('  ')._unsafeUnwrap()).toEqual([]);
  });

  it.each([
    ['sms=3', 'not a channel'],
    ['instantly:c=0', 'whole number of days from 1 to 365'],
    ['instantly:c=2.5', 'is not channel[:campaignId]'],
    ['instantly:c', 'is not channel[:campaignId]'],
    ['instantly:c=3;instantly:c=4', 'repeats a cadence'],
  ])('refuses %s', (text, message) => {
    expect(parseCadences(text)._unsafeUnwrapErr()).toContain(message);
  });

  it('a bad CADENCES refuses to start, naming the variable; schedule intervals have defaults', () => {
    expect(parseConfig({ CADENCES: 'email=3', DASHBOARD_AUTH_TOKEN: 'x'.repeat(32) })._unsafeUnwrapErr()).toEqual([{ variable: 'CADENCES', message: expect.stringContaining('not a channel') }]);
    const config = parseConfig({ DASHBOARD_AUTH_TOKEN: 'x'.repeat(32) })._unsafeUnwrap();
    expect(config.schedule).toEqual({ enabled: true, cadenceTickMs: 3_600_000, staleRecoveryMs: 300_000, cleanDayMs: 3_600_000, inboxRetentionMs: 3_600_000, dispatchMs: 60_000, autonomyMs: 60_000, expiryMs: 900_000 });
    expect(parseConfig({ DASHBOARD_AUTH_TOKEN: 'x'.repeat(32), CADENCE_TICK_MINUTES: '0' })._unsafeUnwrapErr()[0]?.variable).toBe('CADENCE_TICK_MINUTES');
  });
});
