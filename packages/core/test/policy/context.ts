import { DEFAULT_SEND_POLICY_CONFIG, initialControls, type PolicyContext } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';

/** A context in which every rule allows: approved Tier 1 GHL card, 15:30 in New York on a Monday. */
export const allowingContext = (overrides: Partial<PolicyContext> = {}): PolicyContext => {
  const lead = aLead('ada');
  return {
    now: new Date('2026-03-02T20:30:00.000Z'),
    config: DEFAULT_SEND_POLICY_CONFIG,
    controls: { ...initialControls('2026-03-02T00:00:00.000Z'), version: 1 },
    card: { ...aCard('card_1', lead), status: 'approved', approvedBy: 'reviewer' },
    lead,
    campaign: { _tag: 'NotNeeded' },
    sentToday: 0,
    sentTodayOnChannel: 0,
    cleanDaysInRow: 0,
    suppressions: [],
    firstTouches: [],
    previousStep: null,
    cadenceStops: [],
    ...overrides,
  };
};
