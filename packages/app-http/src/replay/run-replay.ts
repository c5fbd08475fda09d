import {
  ChannelRegistry,
  createCard,
  createLead,
  evaluateSendPolicy,
  identityKeys,
  initialControls,
  parseSendWindow,
  qualityPassed,
  type AttemptId,
  type CampaignCheck,
  type CardId,
  type LeadId,
  type PolicyContext,
  type SendDecision,
} from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import type { ReplayCase } from './replay-case.js';

/** The policy under test: core's by default; a test may pass a broken one to prove the gate fails. */
export type DecidePolicy = (context: PolicyContext) => SendDecision;

export interface ReplayOutcome {
  readonly name: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string;
}

const CARD_ID = 'card_replay' as CardId;
const CAMPAIGN_ID = 'cmp-recorded';

// The policy never reads who the lead is, only which first touches, suppressions and
// stops match them; a case states those matches directly, so one fixed identity serves.
const IDENTITY = { email: 'lead@replay.example', linkedinUrl: null };

const campaignCheck = (c: ReplayCase): CampaignCheck => {
  switch (c.card.campaign ?? (c.card.channel === 'ghl_email' ? 'not_needed' : 'mapped')) {
    case 'not_needed':
      return { _tag: 'NotNeeded' };
    case 'mapped':
      return { _tag: 'Mapped' };
    case 'missing':
      return { _tag: 'Missing' };
    case 'unknown':
      return { _tag: 'Unknown', campaignId: CAMPAIGN_ID };
  }
};

/** Builds the policy context a case records; an error names what in the case is unusable. */
export const contextOf = (c: ReplayCase): Result<PolicyContext, string> => {
  const window = parseSendWindow(c.config.window);
  if (window.isErr()) return err(`config.window: ${window.error.message}`);
  const quiet = c.config.leadQuietHours === undefined ? undefined : parseSendWindow(c.config.leadQuietHours);
  if (quiet?.isErr()) return err(`config.leadQuietHours: ${quiet.error.message}`);
  const at = c.now;
  const lead = createLead('lead_replay' as LeadId, { ...IDENTITY, source: 'manual', sourceLabel: 'replay', tier: c.card.tier, ...(c.lead.timezone !== undefined ? { timezone: c.lead.timezone } : {}) }, at);
  if (lead.isErr()) return err(`lead: ${lead.error.message}`);
  const keys = identityKeys(lead.value.identity);
  const key = keys[0]!;
  let channels = ChannelRegistry.builtIn();
  for (const { id, ...capabilities } of c.channels) {
    const registered = channels.register({ id, capabilities });
    if (registered.isErr()) return err(`channels: ${registered.error.message}`);
    channels = registered.value;
  }
  const campaign = campaignCheck(c);
  const card = createCard(
    CARD_ID,
    {
      leadId: lead.value.id,
      leadKeys: keys,
      tier: c.card.tier,
      channel: c.card.channel,
      ...(campaign._tag === 'Mapped' || campaign._tag === 'Unknown' ? { campaignId: CAMPAIGN_ID } : {}),
      subject: 'A note',
      body: 'A short and specific note.',
      opener: 'A specific opener.',
      step: c.card.step,
    },
    c.card.qualityPassed ? qualityPassed : { passed: false, hits: [{ check: 'weak_opener', field: 'opener', detail: 'recorded gate failure' }] },
    at,
  );
  if (card.isErr()) return err(`card: ${card.error.message}`);
  return ok({
    now: new Date(c.now),
    config: {
      timeZone: c.config.timeZone,
      window: window.value,
      dailyCap: c.config.dailyCap,
      rampSchedule: c.config.rampSchedule,
      ...(c.config.channelCaps ? { channelCaps: c.config.channelCaps } : {}),
      ...(quiet?.isOk() ? { leadQuietHours: quiet.value } : {}),
    },
    controls: {
      ...initialControls(at),
      emergencyStop: c.controls.stopEngaged ? { engaged: true, by: 'replay', reason: 'recorded' } : { engaged: false },
      mode: c.controls.mode,
      sendWindowOverride: c.controls.windowOverride,
      version: 1,
    },
    card: { ...card.value, status: c.card.status, ...(c.card.approvedByHuman ? { approvedBy: 'reviewer', approvedAt: at } : {}) },
    lead: lead.value,
    campaign,
    sentToday: c.history.sentToday,
    sentTodayOnChannel: c.history.sentTodayOnChannel,
    cleanDaysInRow: c.history.cleanDaysInRow,
    suppressions: c.history.suppressions.map((reason) => ({ target: key, reason, source: 'replay', at })),
    firstTouches: c.history.firstTouches.map((t) => ({ identityKey: key, cardId: t.by === 'this_card' ? CARD_ID : ('card_earlier' as CardId), channel: t.channel, at })),
    previousStep: c.history.previousStep
      ? {
          cardId: 'card_step_before' as CardId,
          step: Math.max(0, c.card.step - 1),
          attemptId: 'attempt_before' as AttemptId,
          channel: c.history.previousStep.channel,
          ...(campaign._tag === 'Mapped' || campaign._tag === 'Unknown' ? { campaignId: CAMPAIGN_ID } : {}),
          leadKeys: keys,
          contentDigest: 'recorded',
          state: c.history.previousStep.state,
          dayKey: at.slice(0, 10),
          claimedAt: at,
        }
      : null,
    cadenceStops: c.history.cadenceStops.map((reason) => ({ identityKey: key, reason, at })),
    ...(c.card.providerCredentials ? { providerCredentials: { state: c.card.providerCredentials, checkedAt: at } } : {}),
    channels,
  });
};

const describeExpected = (c: ReplayCase): string =>
  [
    c.expect.allowed ? 'allowed' : `denied: ${[...c.expect.denials].sort().join(', ')}`,
    ...(c.expect.dayKey !== undefined ? [`day ${c.expect.dayKey}`] : []),
    ...(c.expect.dailyCap !== undefined ? [`cap ${c.expect.dailyCap}`] : []),
  ].join('; ');

// Only the parts the case pins down are compared: day and cap when it states them.
const describeActual = (c: ReplayCase, d: SendDecision): string =>
  [
    d.allowed ? 'allowed' : `denied: ${d.denials.map((x) => x.rule).sort().join(', ')}`,
    ...(c.expect.dayKey !== undefined ? [`day ${d.dayKey}`] : []),
    ...(c.expect.dailyCap !== undefined ? [`cap ${d.dailyCap}`] : []),
  ].join('; ');

/**
 * Runs one case through `decide` (core's send policy unless a test injects a broken one)
 * and compares the decision with the recorded one.
 *
 * @category model
 */
export const replayOne = (c: ReplayCase, decide: DecidePolicy = evaluateSendPolicy): ReplayOutcome => {
  const expected = describeExpected(c);
  const context = contextOf(c);
  if (context.isErr()) return { name: c.name, passed: false, expected, actual: `invalid case: ${context.error}` };
  const actual = describeActual(c, decide(context.value));
  return { name: c.name, passed: actual === expected, expected, actual };
};
