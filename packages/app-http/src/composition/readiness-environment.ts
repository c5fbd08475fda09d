import { WEBHOOK_PROVIDERS, type ReadinessEnvironment } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import type { WebhookIngress } from './app-services.js';

/** Rejection trend window of the autonomy go/no-go (days). */
const TREND_WINDOW_DAYS = 14;

/**
 * The facts of the autonomy go/no-go that come from configuration rather than the store:
 * webhook auth per provider, dashboard auth, state backend, and the last replay gate.
 * One builder, so `GET /api/autonomy/readiness` and `caio readiness` never disagree.
 *
 * @category adapters
 */
export const readinessEnvironment = (config: AppConfig, webhooks: WebhookIngress, replayPassRate: number | null): ReadinessEnvironment => {
  const status = webhooks.status();
  return {
    cleanDaysRequired: config.cleanDaysRequired,
    webhooks: {
      strict: webhooks.strict,
      unauthenticatedProviders: WEBHOOK_PROVIDERS.filter((p) => !status[p].configured && !status[p].unsigned_allowlisted),
      unsignedAllowlisted: WEBHOOK_PROVIDERS.filter((p) => status[p].unsigned_allowlisted),
    },
    dashboard: { queryTokenEnabled: config.dashboard.queryTokenEnabled },
    state: { backend: config.state.backend, fileFallbackWrite: config.state.fileFallbackWrite },
    replayPassRate,
    trendWindowDays: TREND_WINDOW_DAYS,
  };
};
