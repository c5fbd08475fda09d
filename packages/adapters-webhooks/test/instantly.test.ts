import { parseInstantly } from '@caio/adapters-webhooks';
import { describe, expect, it } from 'vitest';
import { instantlyReply, instantlySent } from './fixtures.js';
import { NOW } from './support.js';

const parse = (body: unknown) => parseInstantly(body, NOW);
const first = (body: unknown) => parse(body)._unsafeUnwrap()[0];

describe('Instantly webhooks', () => {
  it('maps the email_sent fixture with campaign, message id, lead and time', () => {
    expect(parse(instantlySent)._unsafeUnwrap()).toEqual([
      { type: 'EmailSent', eventId: expect.stringMatching(/^instantly:[0-9a-f]{40}$/), provider: 'instantly', channel: 'instantly', campaignId: 'cmp-uuid', messageId: 'eml-uuid', lead: { email: 'ada@acme.com' }, occurredAt: '2025-03-01T10:00:00.000Z' },
    ]);
  });

  it('maps the reply_received fixture with its snippet', () => {
    expect(first(instantlyReply)).toMatchObject({ type: 'ReplyReceived', snippet: 'Sounds good', occurredAt: '2025-03-02T09:12:00.000Z' });
    expect(first({ ...instantlyReply, reply_text_snippet: null })).toMatchObject({ snippet: 'Sounds good, Tuesday?' });
  });

  it.each([
    ['email_opened', 'EmailOpened'],
    ['email_link_clicked', 'LinkClicked'],
    // What deliveries really carry for a click (email_link_clicked is the subscription name).
    ['link_clicked', 'LinkClicked'],
    ['email_bounced', 'EmailBounced'],
    ['lead_unsubscribed', 'Unsubscribed'],
    ['lead_not_interested', 'NotInterested'],
    ['do_not_contact', 'NotInterested'],
    ['spam_complaint', 'ComplaintReceived'],
    // An auto-reply (out of office) must not stop a cadence: audited, no effect.
    ['auto_reply_received', 'Ignored'],
    ['lead_interested', 'Ignored'],
    ['lead_neutral', 'Ignored'],
    ['lead_meeting_booked', 'Ignored'],
    ['lead_meeting_completed', 'Ignored'],
    ['lead_closed', 'Ignored'],
    ['lead_out_of_office', 'Ignored'],
    ['lead_wrong_person', 'Ignored'],
    ['lead_no_show', 'Ignored'],
    ['campaign_completed', 'Ignored'],
    ['account_error', 'Ignored'],
    ['supersearch_enrichment_completed', 'Ignored'],
    ['My custom label', 'Ignored'],
    ['constructor', 'Ignored'],
    [null, 'Ignored'],
  ])('maps %s to %s', (eventType, type) => {
    expect(first({ ...instantlySent, event_type: eventType })?.type).toBe(type);
  });

  it('records the provider type of ignored events, custom labels as custom_label', () => {
    expect(first({ ...instantlySent, event_type: 'auto_reply_received' })).toMatchObject({ type: 'Ignored', providerType: 'auto_reply_received', lead: { email: 'ada@acme.com' } });
    expect(first({ ...instantlySent, event_type: null })).toMatchObject({ providerType: 'custom_label' });
  });

  it('ignores an effectful type without a lead, and tolerates nulls, extra fields and a missing campaign', () => {
    expect(first({ ...instantlySent, lead_email: null })?.type).toBe('Ignored');
    const { campaign_id: _campaign, ...withoutCampaign } = instantlySent;
    expect(first({ ...withoutCampaign, step: null, email_id: null, custom_field: { a: 1 } })).toEqual(expect.not.objectContaining({ campaignId: expect.anything() }));
  });

  it('names the person by the lead id when a delivery carries one (our send made it a key of the person), alone or beside the address', () => {
    const leadId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const bounced = { ...instantlySent, event_type: 'email_bounced', lead_email: null, lead_id: leadId };
    expect(first(bounced)).toMatchObject({ type: 'EmailBounced', channel: 'instantly', lead: { providerId: leadId } });
    expect(first({ ...bounced, lead_email: 'ada@acme.com' })).toMatchObject({ type: 'EmailBounced', lead: { email: 'ada@acme.com', providerId: leadId } });
    // A delivery naming an address keeps the id it had before lead ids were read.
    expect(first({ ...instantlySent, lead_id: leadId })?.eventId).toBe(first(instantlySent)?.eventId);
    expect(first(bounced)?.eventId).not.toBe(first({ ...bounced, lead_id: '1f8fad5b-d9cb-469f-a165-70867728950e' })?.eventId);
  });

  it('refuses what is not an Instantly event', () => {
    expect(parse({ event_type: 'email_sent' })._unsafeUnwrapErr()).toContain('timestamp');
    expect(parse({ timestamp: '2025-03-01T10:00:00Z' }).isErr()).toBe(true);
    expect(parse([instantlySent]).isErr()).toBe(true);
  });

  it('never refuses an event for step, variant or is_first, which identify nothing: strings are read, odd values dropped', () => {
    const { step: _step, variant: _variant, ...withoutStep } = instantlySent;
    expect(first(withoutStep)).toMatchObject({ type: 'EmailSent' });
    for (const odd of [{ step: '1', variant: 'A' }, { step: 'one' }, { step: { n: 1 }, variant: [1] }, { is_first: 'yes' }, { step: -1.5, variant: '' }]) {
      expect(first({ ...instantlySent, ...odd })).toMatchObject({ type: 'EmailSent', lead: { email: 'ada@acme.com' } });
    }
    // A numeric string is the same step: the same delivery gives the same id in either form.
    expect(first({ ...instantlySent, step: '1', variant: '1' })?.eventId).toBe(first(instantlySent)?.eventId);
    expect(first({ ...instantlySent, variant: 'A' })?.eventId).not.toBe(first({ ...instantlySent, variant: 'B' })?.eventId);
  });

  it('falls back to the time of receipt for an unreadable timestamp', () => {
    expect(first({ ...instantlySent, timestamp: 'soon' })?.occurredAt).toBe(NOW.toISOString());
  });

  it('gives the same occurrence the same id and another occurrence another id', () => {
    const id = (e: object) => first(e)?.eventId;
    expect(id(instantlySent)).toBe(id(JSON.parse(JSON.stringify(instantlySent))));
    expect(parseInstantly(instantlySent, new Date(0))._unsafeUnwrap()[0]?.eventId).toBe(id(instantlySent));
    for (const change of [{ step: 2 }, { variant: 2 }, { event_type: 'email_opened' }, { timestamp: '2025-03-01T10:00:01.000Z' }, { email_id: 'eml-2' }, { lead_email: 'grace@acme.com' }, { campaign_id: 'cmp-2' }]) {
      expect(id({ ...instantlySent, ...change })).not.toBe(id(instantlySent));
    }
  });
});
