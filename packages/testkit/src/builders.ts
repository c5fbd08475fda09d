import {
  createCard,
  createLead,
  identityKeys,
  qualityPassed,
  type AttemptId,
  type Card,
  type CardDraft,
  type CardId,
  type Lead,
  type LeadId,
  type LeadInput,
  type QualityReport,
  type SendClaimRequest,
  type TraceEnvelope,
  type TraceId,
} from '@caio/core';

/**
 * Object Mothers for tests: valid domain values with sensible defaults, overridable
 * field by field. They throw on invalid overrides because a test that builds an
 * invalid fixture is itself a bug.
 *
 * @category testing
 */
export const AT = '2026-03-02T20:00:00.000Z';

export const aTrace = (overrides: Partial<TraceEnvelope> = {}): TraceEnvelope => ({
  traceId: 'trace_test' as TraceId,
  actor: 'tester',
  at: AT,
  origin: 'test',
  ...overrides,
});

export const aLead = (id: string, overrides: Partial<LeadInput> = {}, at = AT): Lead => {
  const input: LeadInput = {
    email: `${id}@acme.example`,
    linkedinUrl: `https://www.linkedin.com/in/${id}/`,
    source: 'manual',
    sourceLabel: 'acme',
    tier: 'tier_1',
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Acme',
    title: 'CTO',
    signals: { tech: ['6sense', 'Adobe'] },
    ...overrides,
  };
  return createLead(id as LeadId, input, at)._unsafeUnwrap({ withStackTrace: true });
};

export const aCard = (
  id: string,
  lead: Pick<Lead, 'id' | 'identity' | 'tier'>,
  overrides: Partial<CardDraft> & { status?: Card['status']; quality?: QualityReport } = {},
  at = AT,
): Card => {
  const { status, quality, ...draft } = overrides;
  const keys = identityKeys(lead.identity);
  const card = createCard(
    id as CardId,
    {
      leadId: lead.id,
      leadKeys: keys,
      tier: lead.tier,
      channel: 'ghl_email',
      subject: 'Quick idea for Acme',
      body: 'Noticed Acme already uses 6sense and Adobe, which usually makes implementation move faster.',
      opener: 'Noticed Acme already uses 6sense and Adobe.',
      ...draft,
    },
    quality ?? qualityPassed,
    at,
  )._unsafeUnwrap({ withStackTrace: true });
  return status ? { ...card, status } : card;
};

/** A claim request for a queued card, with defaults matching `aCard`. */
export const aClaim = (card: Card, overrides: Partial<SendClaimRequest> = {}): SendClaimRequest => ({
  cardId: card.id,
  step: card.step,
  attemptId: `attempt_${card.id}` as AttemptId,
  channel: card.channel,
  ...(card.campaignId !== undefined ? { campaignId: card.campaignId } : {}),
  leadKeys: card.leadKeys,
  // As dispatch names it: a store may assume the person from it (and must check it).
  leadId: card.leadId,
  contentDigest: card.contentDigest,
  expectedVersion: card.version,
  dayKey: '2026-03-02',
  dailyCap: 100,
  trace: aTrace(),
  ...overrides,
});
