import type { CoreDeps } from '@caio/core';
import type { AppServices } from '../composition/app-services.js';
import type { AppConfig } from '../config/app-config.js';
import { DEFAULT_DELIVERY, NotificationDelivery } from './notification-delivery.js';
import { NotificationWatcher } from './notification-watcher.js';

/** Events at most this old when an instance starts are still announced (a restart loses none, replays little). */
const LOOKBACK_MS = 15 * 60_000;

/** The notification watcher and its delivery for `caio serve`, or null without NOTIFY_WEBHOOK_URL. */
export const startNotifications = (deps: CoreDeps, services: Pick<AppServices, 'webhooks'>, config: AppConfig): NotificationWatcher | null => {
  if (!config.notify.url) return null;
  const delivery = new NotificationDelivery({ ...DEFAULT_DELIVERY, url: config.notify.url }, { store: deps.store, ids: deps.ids, logger: deps.logger, now: () => deps.clock.now() });
  const watcher = new NotificationWatcher(
    { store: deps.store, clock: deps.clock, locks: deps.locks, logger: deps.logger },
    () => services.webhooks.status(),
    delivery,
    { intervalMs: config.notify.intervalMs, approvalSlaMinutes: config.approvalSlaMinutes, authFailureThreshold: config.notify.authFailureThreshold, lookbackMs: LOOKBACK_MS },
  );
  watcher.start();
  return watcher;
};
