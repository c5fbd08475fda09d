import { parseGhl } from '@caio/adapters-webhooks';
import { describe, expect, it } from 'vitest';
import { ghlInboundEmail, ghlInboundSms, ghlOutboundEmail, ghlStats } from './fixtures.js';
import { NOW } from './support.js';

const parse = (body: unknown) => parseGhl(body, NOW);
const first = (body: unknown) => parse(body)._unsafeUnwrap()[0];

describe('GHL webhooks', () => {
  it('maps an inbound e-mail from a contact to a reply on ghl_email, the sender being the lead', () => {
    expect(parse(ghlInboundEmail)._unsafeUnwrap()).toEqual([
      { type: 'ReplyReceived', eventId: expect.stringMatching(/^ghl:[0-9a-f]{40}$/), provider: 'ghl', channel: 'ghl_email', occurredAt: '2024-01-12T12:59:04.045Z', lead: { email: 'ada@acme.com', providerId: '3bN9f8LYJFG8F232XMUbfq' }, messageId: 'sddfDSF3G56GHG', snippet: 'Sounds good, Tuesday?' },
    ]);
  });

  it('maps an outbound e-mail to EmailSent with its messageId, the recipient being the lead', () => {
    expect(first(ghlOutboundEmail)).toMatchObject({ type: 'EmailSent', channel: 'ghl_email', messageId: 'msg-ghl-1', lead: { email: 'ada@acme.com' } });
    expect(first({ ...ghlOutboundEmail, to: 'Ada <ada@acme.com>' })).toMatchObject({ lead: { email: 'ada@acme.com' } });
  });

  it('uses the webhookId as event id when present', () => {
    expect(first({ ...ghlInboundEmail, webhookId: 'wh_123', timestamp: NOW.toISOString() })?.eventId).toBe('ghl:wh_123');
    expect(first({ ...ghlStats('opened'), webhookId: 'wh with spaces' })?.eventId).toMatch(/^ghl:[0-9a-f]{40}$/);
  });

  it('names the contact by contactId (matched first) and by address; ignores SMS, calls and e-mails naming neither', () => {
    expect(first(ghlInboundSms)).toMatchObject({ type: 'Ignored', providerType: 'InboundMessage:SMS' });
    const { from: _from, ...noSender } = ghlInboundEmail;
    expect(first(noSender)).toMatchObject({ type: 'ReplyReceived', lead: { providerId: '3bN9f8LYJFG8F232XMUbfq' } });
    expect(first({ ...noSender, email: 'ada@acme.com' })).toMatchObject({ type: 'ReplyReceived', lead: { email: 'ada@acme.com', providerId: '3bN9f8LYJFG8F232XMUbfq' } });
    const { contactId: _contact, ...anonymous } = noSender;
    expect(first(anonymous)).toMatchObject({ type: 'Ignored', providerType: 'InboundMessage:Email' });
    expect(first({ ...ghlOutboundEmail, messageType: 'VoiceMail' })).toMatchObject({ type: 'Ignored', providerType: 'OutboundMessage:VoiceMail' });
    expect(first({ ...ghlOutboundEmail, messageType: 'TYPE_EMAIL' })).toMatchObject({ type: 'EmailSent' });
    const { to: _to, ...outboundById } = ghlOutboundEmail;
    expect(first(outboundById)).toMatchObject({ type: 'EmailSent', lead: { providerId: '3bN9f8LYJFG8F232XMUbfq' } });
  });

  it.each([
    ['delivered', 'EmailSent'],
    ['opened', 'EmailOpened'],
    ['clicked', 'LinkClicked'],
    ['bounced', 'EmailBounced'],
    ['failed', 'EmailBounced'],
    ['unsubscribed', 'Unsubscribed'],
    ['complained', 'ComplaintReceived'],
    ['accepted', 'Ignored'],
  ])('maps LCEmailStats %s to %s', (event, type) => {
    expect(first(ghlStats(event))).toMatchObject({ type, provider: 'ghl', occurredAt: '2024-04-25T08:07:21.000Z' });
  });

  it('maps stats with the recipient and message id, and a temporary failure to Ignored', () => {
    expect(first(ghlStats('delivered'))).toMatchObject({ channel: 'ghl_email', lead: { email: 'ada@acme.com' }, messageId: '<message-id>' });
    expect(first(ghlStats('failed', { severity: 'temporary' }))).toMatchObject({ type: 'Ignored', providerType: 'LCEmailStats:failed' });
    expect(first(ghlStats('bounced', { recipient: null }))?.type).toBe('Ignored');
  });

  it('takes a ContactDndUpdate with e-mail DND active (or dnd on every channel) as an unsubscribe, anything else as Ignored', () => {
    const dnd = (settings: object, extra: object = {}) => ({ type: 'ContactDndUpdate', locationId: 'loc', id: 'ct_1', email: 'Ada@Acme.com', dnd: false, dndSettings: settings, ...extra });
    expect(first(dnd({ Email: { status: 'active', message: 'x', code: '101' }, SMS: { status: 'inactive' } }))).toMatchObject({ type: 'Unsubscribed', channel: 'ghl_email', lead: { email: 'Ada@Acme.com' } });
    expect(first(dnd({}, { dnd: true }))).toMatchObject({ type: 'Unsubscribed' });
    expect(first(dnd({ Email: { status: 'inactive' }, SMS: { status: 'active' } }))).toMatchObject({ type: 'Ignored', providerType: 'ContactDndUpdate:email_allowed' });
    expect(first(dnd({ Email: { status: 'active' } }, { email: null }))).toMatchObject({ type: 'Unsubscribed', lead: { providerId: 'ct_1' } });
    expect(first(dnd({ Email: { status: 'active' } }, { email: null, id: null }))).toMatchObject({ type: 'Ignored', providerType: 'ContactDndUpdate:email_dnd' });
    // Switching DND on and then off again are two events.
    expect(first(dnd({ Email: { status: 'active' } }))?.eventId).not.toBe(first(dnd({ Email: { status: 'inactive' } }))?.eventId);
  });

  it('records other GHL event types as Ignored, and refuses malformed known ones and non-GHL bodies', () => {
    expect(first({ type: 'ContactCreate', locationId: 'loc', id: 'c1' })).toMatchObject({ type: 'Ignored', providerType: 'ContactCreate' });
    expect(parse({ type: 'LCEmailStats', locationId: 'loc' })._unsafeUnwrapErr()).toContain('malformed LCEmailStats');
    expect(parse({ type: 'InboundMessage', locationId: 'loc', to: 5 })._unsafeUnwrapErr()).toContain('malformed InboundMessage');
    expect(parse({ hello: 'world' }).isErr()).toBe(true);
    expect(parse([ghlInboundEmail]).isErr()).toBe(true);
  });

  it('gives the same occurrence the same id and another occurrence another', () => {
    const id = (e: object) => first(e)?.eventId;
    expect(id(ghlInboundEmail)).toBe(id(structuredClone(ghlInboundEmail)));
    expect(id(ghlInboundEmail)).not.toBe(id({ ...ghlInboundEmail, emailMessageId: 'other' }));
    expect(id(ghlStats('opened'))).not.toBe(id(ghlStats('clicked')));
    expect(id({ type: 'ContactCreate', locationId: 'loc', id: 'c1' })).not.toBe(id({ type: 'ContactCreate', locationId: 'loc', id: 'c2' }));
  });
});
