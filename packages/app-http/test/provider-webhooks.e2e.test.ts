import { leadKeys, silentLogger } from '@caio/core';
import { aCard, aLead, ClayHttpColumn, FakeGhl, FakeHeyReach, FakeInstantly, Rb2bEmitter } from '@caio/testkit';
import { liveChannels } from '../src/composition/live-channels.js';
import { parseConfig } from '../src/config/parse-config.js';
import { liveProviderEnv } from './support/live-provider-env.js';
import { auth, webhooksApplied } from './support/test-app.js';
import { afterEach, describe, expect, it } from 'vitest';
import { key, startListeningWebhookApp, WEBHOOK_SECRET, webhookEnv, type ListeningApp } from './support/real-webhook-app.js';

/** Provider fake → the app's HTTP route → the domain effect, each provider sending as it really does. */
let t: ListeningApp;
const fakes: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await t.app.close();
  for (const fake of fakes.splice(0)) await fake.stop();
});

const started = async <T extends { start(): Promise<T>; stop(): Promise<void> }>(fake: T): Promise<T> => {
  fakes.push(fake);
  return fake.start();
};

describe('Instantly → app', () => {
  it('delivers a click (subscribed as email_link_clicked, sent as link_clicked) and a string step, and an unsubscribe that suppresses; the webhook stays active', async () => {
    const instantly = await started(new FakeInstantly());
    t = await startListeningWebhookApp(webhookEnv(new FakeGhl().webhookSigner.ed25519PublicKey));
    const register = (event_type: string) =>
      fetch(`${instantly.baseUrl}/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${instantly.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ target_hook_url: t.webhookUrl('instantly'), event_type, headers: { 'x-webhook-secret': WEBHOOK_SECRET } }) });
    expect((await register('email_link_clicked')).status).toBe(200);
    expect((await register('lead_unsubscribed')).status).toBe(200);
    const base = { timestamp: '2026-03-02T20:00:00.000Z', workspace: 'w', campaign_id: 'cmp-1', campaign_name: 'Q1', lead_email: 'ada@acme.example', step: '1', variant: 'A' };
    const [click] = await instantly.webhookEmitter.emit({ ...base, event_type: 'email_link_clicked' });
    expect(JSON.parse(click!.body)).toMatchObject({ event_type: 'link_clicked' });
    expect(click!.answer).toMatchObject({ accepted: true, applied: 1 });
    const audit = (await t.store.listAudit({ limit: 100 }))._unsafeUnwrap();
    expect(audit.map((e) => e.action)).toContain('webhook.LinkClicked');
    const [unsubscribe] = await instantly.webhookEmitter.emit({ ...base, event_type: 'lead_unsubscribed' });
    expect(unsubscribe!.status).toBe(200);
    expect((await t.store.findSuppressions([key('email:ada@acme.example')]))._unsafeUnwrap()).toEqual([expect.objectContaining({ reason: 'unsubscribed' })]);
    // Even an odd authenticated body is answered 200 (quarantined): Instantly never disables the webhook.
    await instantly.webhookEmitter.emit({ event_type: 'email_link_clicked', unexpected: true } as never);
    expect([...instantly.webhooks.values()].every((w) => w.status === 1)).toBe(true);
  });
});

describe('HeyReach → app', () => {
  it('fans one reply out to the MESSAGE_REPLY_RECEIVED and EVERY_MESSAGE_REPLY_RECEIVED webhooks: one event, the cadence stopped once', async () => {
    const heyreach = await started(new FakeHeyReach());
    t = await startListeningWebhookApp(webhookEnv(new FakeGhl().webhookSigner.ed25519PublicKey));
    for (const eventType of ['MESSAGE_REPLY_RECEIVED', 'EVERY_MESSAGE_REPLY_RECEIVED']) {
      const created = await fetch(`${heyreach.baseUrl}/webhooks/CreateWebhook`, { method: 'POST', headers: { 'x-api-key': heyreach.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ webhookName: eventType, webhookUrl: t.webhookUrl('heyreach', { secret: WEBHOOK_SECRET }), eventType }) });
      expect(created.status).toBe(200);
    }
    const reply = {
      conversation_id: 'conv-1',
      is_inmail: false,
      campaign: { id: 4242, name: 'LI' },
      sender: { id: 1, full_name: 'Rep' },
      lead: { id: 'l-1', profile_url: 'https://www.linkedin.com/in/ada', full_name: 'Ada Lovelace' },
      recent_messages: [{ creation_time: '2026-03-02T20:00:00Z', message: 'Happy to talk', is_reply: true }],
    };
    const deliveries = await heyreach.webhookEmitter.emit('EVERY_MESSAGE_REPLY_RECEIVED', reply);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(deliveries.map((d) => (d.answer as { pending: number }).pending).sort()).toEqual([0, 1]);
    await webhooksApplied(t);
    expect((await t.store.findCadenceStops([key('linkedin:linkedin.com/in/ada')]))._unsafeUnwrap()).toHaveLength(1);
    expect((await t.store.listAudit({ limit: 100 }))._unsafeUnwrap().filter((e) => e.action === 'webhook.LinkedInReplyReceived')).toHaveLength(1);
    // A delivery without event_type is still a reply (the same one: a duplicate), never refused.
    const untyped = await heyreach.webhookEmitter.emit('EVERY_MESSAGE_REPLY_RECEIVED', reply, { withoutEventType: true });
    expect(untyped.map((d) => d.answer)).toEqual([expect.objectContaining({ duplicates: 1 }), expect.objectContaining({ duplicates: 1 })]);
    expect(heyreach.webhookEmitter.failed).toEqual([]);
  });
});

describe('GHL → app', () => {
  it('accepts an Ed25519-signed ContactDndUpdate (e-mail DND on) as an unsubscribe; refuses a forged or stale signature with 401', async () => {
    const ghl = new FakeGhl();
    t = await startListeningWebhookApp(webhookEnv(ghl.webhookSigner.ed25519PublicKey));
    ghl.webhookSigner.now = () => t.clock.now();
    const dnd = { type: 'ContactDndUpdate', locationId: ghl.locationId, id: 'ct_1', email: 'ada@acme.example', dnd: false, dndSettings: { Email: { status: 'active', message: '', code: '101' } } };
    const delivery = await ghl.webhookSigner.send(t.webhookUrl('ghl'), dnd);
    expect(delivery.status).toBe(200);
    expect((await t.store.findSuppressions([key('email:ada@acme.example')]))._unsafeUnwrap()).toEqual([expect.objectContaining({ reason: 'unsubscribed' })]);
    const forger = new FakeGhl().webhookSigner;
    forger.now = () => t.clock.now();
    expect((await forger.send(t.webhookUrl('ghl'), dnd)).status).toBe(401);
    ghl.webhookSigner.now = () => new Date(t.clock.now().getTime() - 3_600_000);
    expect((await ghl.webhookSigner.send(t.webhookUrl('ghl'), dnd)).status).toBe(401);
  });

  it('still accepts the legacy RSA x-wh-signature when GHL_WEBHOOK_PUBLIC_KEY is set, and turns the OutboundMessage GHL sends for a message into EmailSent for its contact', async () => {
    const ghl = await started(new FakeGhl());
    t = await startListeningWebhookApp(webhookEnv(ghl.webhookSigner.ed25519PublicKey, { GHL_WEBHOOK_PUBLIC_KEY: ghl.webhookSigner.rsaPublicKeyPem }));
    ghl.webhookSigner.now = () => t.clock.now();
    const rsa = await ghl.webhookSigner.send(t.webhookUrl('ghl'), { type: 'ContactCreate', locationId: ghl.locationId, id: 'ct_9' }, { signing: 'rsa' });
    expect(rsa.status).toBe(200);
    // A message sent through the fake's API, then GHL's OutboundMessage webhook for it.
    const headers = { authorization: `Bearer ${ghl.token}`, 'content-type': 'application/json' };
    const upsert = await (await fetch(`${ghl.baseUrl}/contacts/upsert`, { method: 'POST', headers: { ...headers, version: '2021-07-28' }, body: JSON.stringify({ locationId: ghl.locationId, email: 'grace@acme.example' }) })).json() as { contact: { id: string } };
    const sent = await (await fetch(`${ghl.baseUrl}/conversations/messages`, { method: 'POST', headers: { ...headers, version: '2021-04-15' }, body: JSON.stringify({ type: 'Email', contactId: upsert.contact.id, subject: 'Hi', html: '<p>Hi</p>' }) })).json() as { messageId: string };
    const outbound = await ghl.emitOutboundMessage(t.webhookUrl('ghl'), sent.messageId);
    expect(outbound.status).toBe(200);
    expect((await t.store.listAudit({ limit: 100 }))._unsafeUnwrap().find((e) => e.action === 'webhook.EmailSent')?.detail).toMatchObject({ keys: ['email:grace@acme.example'] });
  });
});

describe('GHL send → GHL webhook naming the contact → app', () => {
  it('matches a reply by the contactId of our send (a key of the person since the send), even from another address, and stops the cadence of the person we wrote to', async () => {
    const ghl = await started(new FakeGhl());
    const config = parseConfig({ DASHBOARD_AUTH_TOKEN: 'a-dashboard-token-of-enough-length', ...liveProviderEnv({ ghl }), SEND_CHANNELS: 'ghl_email' })._unsafeUnwrap();
    const setup = await liveChannels(config, silentLogger, null);
    t = await startListeningWebhookApp(webhookEnv(ghl.webhookSigner.ed25519PublicKey), { channels: setup.channels });
    ghl.webhookSigner.now = () => t.clock.now();
    const lead = aLead('ada');
    await t.store.putLead(lead, null);
    await t.store.putCard(aCard('card_1', lead), null);
    const approved = await t.app.inject({ method: 'POST', url: '/api/cards/card_1/approve', headers: auth });
    expect(approved.json()).toMatchObject({ send: { result: 'sent' } });
    const [message] = [...ghl.messages.values()];
    expect((await t.store.findLeadsByKeys([key(`ghl:${message!.contactId}`)]))._unsafeUnwrap().map((l) => l.id)).toEqual([lead.id]);
    // The lead answers from a personal address: GHL names the contact by its id, as always.
    const reply = { type: 'InboundMessage', locationId: ghl.locationId, contactId: message!.contactId, conversationId: message!.conversationId, messageType: 'Email', direction: 'inbound', from: 'Ada <ada.home@mail.example>', body: 'Interested, call me', dateAdded: t.clock.now().toISOString() };
    expect((await ghl.webhookSigner.send(t.webhookUrl('ghl'), reply)).status).toBe(200);
    const stops = (await t.store.findCadenceStops([key(`email:${lead.identity.email!}`)]))._unsafeUnwrap();
    expect(stops).toEqual([expect.objectContaining({ reason: 'replied' })]);
    // E-mail DND switched on, named only by the contact id: every key of the person is suppressed.
    const dnd = { type: 'ContactDndUpdate', locationId: ghl.locationId, id: message!.contactId, dnd: true, timestamp: t.clock.now().toISOString() };
    expect((await ghl.webhookSigner.send(t.webhookUrl('ghl'), dnd)).status).toBe(200);
    const person = [...leadKeys(lead), key(`ghl:${message!.contactId}`)];
    const suppressed = (await t.store.findSuppressions(person))._unsafeUnwrap();
    expect(suppressed.map((s) => `${s.target} ${s.reason}`).sort()).toEqual(person.map((k) => `${k} unsubscribed`).sort());
    await setup.close();
  });
});

describe('Clay and RB2B → app', () => {
  it('takes Clay rows wrapped as {rows:[…]} and a company-only row without flagging any row', async () => {
    t = await startListeningWebhookApp(webhookEnv(new FakeGhl().webhookSigner.ed25519PublicKey));
    const clay = new ClayHttpColumn(t.webhookUrl('clay'), { 'x-api-key': WEBHOOK_SECRET });
    await clay.send({ rows: [{ email: 'ada@acme.example', first_name: 'Ada' }, { email: 'grace@acme.example' }] });
    await clay.send({ company_name: 'Acme', company_domain: 'acme.example', industry: 'Software' });
    expect(clay.erroredRows).toBe(0);
    expect((await t.store.findLeadsByKeys([key('email:ada@acme.example'), key('email:grace@acme.example')]))._unsafeUnwrap()).toHaveLength(2);
    expect((await t.store.listAudit({ limit: 100 }))._unsafeUnwrap().filter((e) => e.action === 'webhook.ignored')).toHaveLength(1);
  });

  it('keeps RB2B connected: a repeat visit is a new signal for the same lead, a malformed body is quarantined with 200', async () => {
    t = await startListeningWebhookApp(webhookEnv(new FakeGhl().webhookSigner.ed25519PublicKey));
    await t.store.putLead(aLead('ada'), null);
    const rb2b = new Rb2bEmitter(t.webhookUrl('rb2b', { secret: WEBHOOK_SECRET }));
    const visit = { 'LinkedIn URL': 'https://www.linkedin.com/in/ada-rb2b/', 'First Name': 'Ada', 'Business Email': 'ada@acme.example', City: 'Austin', State: 'Texas', Zipcode: '73301', 'Seen At': '2026-03-02T19:00:00Z', 'Captured URL': 'https://ourapp.example/pricing' };
    await rb2b.send(visit);
    await rb2b.send({ ...visit, 'Seen At': '2026-03-02T20:00:00Z', 'Captured URL': 'https://ourapp.example/docs', is_repeat_visit: true });
    await rb2b.send('{"LinkedIn URL": ');
    expect(rb2b.disconnected).toBe(false);
    const leads = (await t.store.findLeadsByKeys([key('email:ada@acme.example')]))._unsafeUnwrap();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.signals).toMatchObject({ page_visited: 'https://ourapp.example/docs', repeat_visit: true });
    expect((await t.store.listQuarantine(10))._unsafeUnwrap()).toHaveLength(1);
  });
});
