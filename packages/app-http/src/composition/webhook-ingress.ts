import { parseDelivery, receiveWebhook, REJECTION_STATUS, type WebhookSetup } from '@caio/adapters-webhooks';
import { err, ok } from 'neverthrow';
import type { WebhookIngress } from './app-services.js';

/** The app's view of the webhook package: verdicts and refusals as HTTP statuses. @category adapters */
export const webhookIngress = (setup: WebhookSetup): WebhookIngress => ({
  strict: setup.guard.strict,
  status: () => setup.guard.status(),
  receive: (provider, request, now) => {
    const verdict = receiveWebhook(setup.guard, setup.parse, provider, request, now);
    if (verdict.isErr()) {
      const e = verdict.error;
      return err({ status: REJECTION_STATUS[e._tag], error: e._tag, message: 'reason' in e ? e.reason : e._tag });
    }
    return ok(verdict.value._tag === 'Events' ? { _tag: 'Events', events: verdict.value.events, authenticatedBy: verdict.value.authenticatedBy } : { _tag: 'Quarantine', reason: verdict.value.reason });
  },
  reparse: (provider, body, now) => parseDelivery(setup.parse, provider, Buffer.from(body, 'utf8'), now),
});
