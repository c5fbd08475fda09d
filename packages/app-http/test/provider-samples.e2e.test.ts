import { InMemoryStateStore } from '@caio/testkit';
import { ClayHttpColumn, GhlWebhookSigner, postWebhook, Rb2bEmitter, type WebhookDelivery } from '@caio/testkit';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { key, startListeningWebhookApp, WEBHOOK_SECRET, webhookEnv, type ListeningApp } from './support/real-webhook-app.js';
import { webhooksApplied } from './support/test-app.js';

/**
 * Every real body in fixtures/provider-samples (copied from the shared reference, each
 * with a `.src` naming its origin) goes through the HTTP route as its provider sends it,
 * with the provider's authentication, and must end in the domain event or recorded
 * outcome named here: never a 4xx, never a quarantine.
 */
const DIR = join(import.meta.dirname, 'fixtures/provider-samples');

type Check = (store: InMemoryStateStore, actions: readonly string[]) => Promise<void>;
const audited = (action: string): Check => async (_store, actions) => expect(actions).toEqual([action]);
const ignored = audited('webhook.ignored');
const suppressed = (identity: string, reason: string): Check => async (store, actions) => {
  expect(actions).toEqual(['webhook.Unsubscribed']);
  expect((await store.findSuppressions([key(identity)]))._unsafeUnwrap()).toEqual([expect.objectContaining({ reason })]);
};
const stopped = (action: string, identity: string): Check => async (store, actions) => {
  expect(actions).toEqual([action]);
  expect((await store.findCadenceStops([key(identity)]))._unsafeUnwrap()).toEqual([expect.objectContaining({ reason: 'replied' })]);
};
const lead = (identity: string, fields: object): Check => async (store) => {
  const [found] = (await store.findLeadsByKeys([key(identity)]))._unsafeUnwrap();
  expect(found).toMatchObject(fields);
};

/** The outcome each sample must have (issue 15). */
const EXPECTED: Readonly<Record<string, Check>> = {
  'clay-docs-http-api-body-example.json': ignored, // its e-mail is obfuscated in the stored page: no person to contact
  'ghl-contactdelete.json': ignored,
  'ghl-contactdndupdate.json': suppressed('email:johndeo@gmail.comm', 'unsubscribed'),
  'ghl-inboundmessage-call-typed-outbound.json': ignored,
  'ghl-inboundmessage-email.json': stopped('webhook.ReplyReceived', 'email:sample@email.service'),
  'ghl-inboundmessage-sms.json': ignored,
  'ghl-inboundmessage-voicemail.json': ignored,
  'ghl-lcemailstats-delivered.json': audited('webhook.EmailSent'),
  'ghl-outboundmessage-call.json': ignored,
  'ghl-outboundmessage-email.json': audited('webhook.EmailSent'),
  'ghl-outboundmessage-sms.json': ignored,
  'ghl-outboundmessage-voicemail-workflow.json': ignored,
  'heyreach-every-message-reply-fixture.json': stopped('webhook.LinkedInReplyReceived', 'linkedin:linkedin.com/in/johndoe'),
  'instantly-doc-schema-template.json': ignored, // event_type "string": a custom label
  'instantly-reply-received-n8n-trigger-readme.json': stopped('webhook.ReplyReceived', 'email:lead@example.com'),
  'instantly-reply-received-simulated-podcast.json': stopped('webhook.ReplyReceived', 'email:host@podcast.com'),
  'rb2b-official-sample-as-published.txt': lead('linkedin:linkedin.com/in/retentionadam', { source: 'rb2b', firstName: 'Adam', company: 'Retention.com' }),
  'rb2b-official-sample.json': lead('email:adam@retention.com', { source: 'rb2b', identity: { email: 'adam@retention.com', linkedin: 'linkedin.com/in/retentionadam' } }),
};

const samples = readdirSync(DIR).filter((f) => !f.endsWith('.src') && f !== 'README.md').sort();

let t: ListeningApp;
const ghl = new GhlWebhookSigner();

// A fresh app per sample: the two RB2B samples are the same visit (one published with an
// obfuscated e-mail), so in one store the second would rightly be a duplicate.
beforeEach(async () => {
  t = await startListeningWebhookApp(webhookEnv(ghl.ed25519PublicKey));
  ghl.now = () => t.clock.now();
});
afterEach(async () => t.app.close());

/** Sends a sample the way its provider does, with the provider's authentication. */
const deliver = async (file: string): Promise<WebhookDelivery> => {
  const raw = readFileSync(join(DIR, file), 'utf8');
  const provider = file.split('-')[0]!;
  switch (provider) {
    case 'ghl':
      return ghl.send(t.webhookUrl('ghl'), JSON.parse(raw) as object);
    case 'instantly':
      return postWebhook(t.webhookUrl('instantly'), raw, { 'x-webhook-secret': WEBHOOK_SECRET });
    case 'heyreach':
      return postWebhook(t.webhookUrl('heyreach', { secret: WEBHOOK_SECRET }), raw);
    case 'clay':
      return new ClayHttpColumn(t.webhookUrl('clay'), { 'x-api-key': WEBHOOK_SECRET }).send(JSON.parse(raw));
    case 'rb2b':
      return new Rb2bEmitter(t.webhookUrl('rb2b', { secret: WEBHOOK_SECRET })).send(raw);
    default:
      throw new Error(`no provider for ${file}`);
  }
};

describe('every real provider sample through the HTTP route, authenticated as its provider sends it', () => {
  it('has an expected outcome and a .src (its origin) for every sample, and no expectation without a sample', () => {
    expect(samples).toEqual(Object.keys(EXPECTED).sort());
    for (const file of samples) expect(readdirSync(DIR)).toContain(file.replace(/\.(json|txt)$/, '.src'));
  });

  it.each(samples)('%s: 200, recorded, and ends in its domain event or outcome', async (file) => {
    const delivery = await deliver(file);
    expect(delivery.status).toBe(200);
    // One event, recorded in the answer's one store write: applied with it (audit-only) or pending for the applier.
    expect(delivery.answer).toMatchObject({ accepted: true, duplicates: 0 });
    const answer = delivery.answer as { applied: number; pending: number };
    expect(answer.applied + answer.pending).toBe(1);
    await webhooksApplied(t);
    const ids = (delivery.answer as { events: { eventId: string }[] }).events.map((e) => e.eventId);
    const actions = (await t.store.listAudit({ limit: 1000 }))._unsafeUnwrap().filter((e) => e.eventId !== undefined && ids.includes(e.eventId)).map((e) => e.action);
    await EXPECTED[file]!(t.store, actions);
    // A redelivery is a duplicate (GHL's envelope carries a new webhookId per delivery, so it is left out).
    if (!file.startsWith('ghl-')) expect((await deliver(file)).answer).toMatchObject({ accepted: true, applied: 0, pending: 0, duplicates: 1 });
    expect((await t.store.listQuarantine(100))._unsafeUnwrap()).toEqual([]);
  });
});
