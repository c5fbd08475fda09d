import type { WebhookInbox } from '@caio/core';

/** Waits until no accepted webhook event is pending in `store` (the appliers drained it): what tests wait on instead of sleeping. */
export const untilWebhooksApplied = async (store: Pick<WebhookInbox, 'inboxBacklog'>): Promise<void> => {
  while ((await store.inboxBacklog())._unsafeUnwrap().pending > 0) await new Promise((resolve) => setTimeout(resolve, 10));
};
