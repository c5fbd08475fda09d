// tsyringe needs the Reflect metadata API when it loads: importing this module (and so
// `@caio/app-http`) must work without the importer loading a polyfill first.
import 'reflect-metadata';
import {
  CardCrafter,
  Clock,
  DEFAULT_REJECTION_TAXONOMY,
  IdGenerator,
  LockManager,
  Logger,
  OutboundChannels,
  StateStore,
  QuarantineDecisions,
  systemClock,
  traceQueue,
  Users,
  WorkQueue,
  type CoreDeps,
  type StoreError,
  type Token,
} from '@caio/core';
import { ResultAsync } from 'neverthrow';
import type { Logger as Pino } from 'pino';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { AppServices } from './app-services.js';
import { sandboxChannels, type ChannelSetup } from './build-channels.js';
import { InFlight } from './in-flight.js';
import { STALE_SENDING_MS } from './startup.js';
import { liveChannels } from './live-channels.js';
import type { LoadedConfiguration } from './load-configuration.js';
import { openRedisBackend } from './open-redis-backend.js';
import { openState, type OpenedState } from './open-state.js';
import { openWorkQueue } from './open-work-queue.js';
import { WebhookAuthFailures } from './webhook-auth-failures.js';
import { pinoLogger } from './pino-logger.js';
import { readReplayPassRate } from '../replay/replay-pass-rate.js';
import { TimeSortedIds } from './time-sorted-ids.js';
import { AppMetrics } from '../metrics/app-metrics.js';
import { meteredChannels } from '../metrics/metered-channels.js';
import { meteredStore } from '../metrics/metered-store.js';
import { TemplateCrafter } from '../crafting/template-crafter.js';
import { AppConfigToken, AppServicesToken, CoreDepsToken, InFlightToken, WebhookIngressToken } from './tokens.js';
import { webhookIngress } from './webhook-ingress.js';
import { WebhookSpool } from './webhook-spool.js';
import { WebhookApplier } from './webhook-applier.js';
import { join } from 'node:path';

/** Typed resolution: tsyringe's tokens are untyped, ours carry their interface. */
export const resolve = <T>(container: DependencyContainer, token: Token<T>): T => container.resolve<T>(token);

export interface ComposedApp {
  readonly container: DependencyContainer;
  readonly services: AppServices;
  readonly state: OpenedState;
  /** Providers that can confirm a sent message by id (`caio verify-send`). */
  readonly verifiers: ChannelSetup['verifiers'];
  /** Closes the provider connections (live mode). */
  readonly closeChannels: () => Promise<void>;
}

/**
 * The one composition root: every port registered in a tsyringe container with
 * factories and explicit tokens (no decorator metadata), from the parsed configuration.
 * Adapters stay free of tsyringe; only this file knows the container.
 *
 * @category adapters
 */
export const composeApp = (loaded: LoadedConfiguration, pino: Pino): ResultAsync<ComposedApp, StoreError> => {
  const { config } = loaded;
  const container = rootContainer.createChildContainer();
  container.register(AppConfigToken, { useValue: config });
  container.register(Clock, { useValue: systemClock });
  container.register(IdGenerator, { useValue: new TimeSortedIds() });
  container.register(Logger, { useValue: pinoLogger(pino) });
  container.register(WebhookIngressToken, { useValue: webhookIngress(loaded.webhooks) });
  container.register(InFlightToken, { useValue: new InFlight() });
  // The deterministic template crafter over the message copy (TEMPLATES_DIR); an embedder registers its own CardCrafter here.
  container.register(CardCrafter, { useValue: new TemplateCrafter(loaded.templates) });
  const metrics = new AppMetrics();

  return openState(config, resolve(container, Clock), resolve(container, IdGenerator), openRedisBackend, resolve(container, Logger))
    .andThen((state) =>
      ResultAsync.fromSafePromise(config.sendMode === 'live' ? liveChannels(config, resolve(container, Logger), state.rateGate) : Promise.resolve(sandboxChannels(config, resolve(container, Clock)))).map((channels) => ({ state, channels })),
    )
    .map(({ state, channels }) => {
    // Observed for /metrics; the routes and core see the same store, role ports and channels, metered.
    container.register(StateStore, { useValue: meteredStore(state.store, metrics) });
    container.register(LockManager, { useValue: state.locks });
    container.register(Users, { useValue: meteredStore(state.users, metrics) });
    container.register(QuarantineDecisions, { useValue: meteredStore(state.quarantineDecisions, metrics) });
    container.register(OutboundChannels, { useValue: meteredChannels(channels.channels, metrics) });
    container.register(WorkQueue, { useValue: openWorkQueue(config) });
    container.register(CoreDepsToken, {
      useFactory: (c): CoreDeps => ({
        store: resolve(c, StateStore),
        clock: resolve(c, Clock),
        ids: resolve(c, IdGenerator),
        logger: resolve(c, Logger),
        channels: resolve(c, OutboundChannels),
        locks: resolve(c, LockManager),
        policy: config.policy,
        campaigns: channels.campaigns,
        ...(channels.credentials ? { providerCredentials: channels.credentials } : {}),
        taxonomy: DEFAULT_REJECTION_TAXONOMY,
        sendGhlFirstTouchOnApprove: true,
        ...(config.erasureHashKey ? { erasureKey: config.erasureHashKey } : {}),
      }),
    });
    container.register(AppServicesToken, {
      useFactory: (c): AppServices => ({
        config,
        deps: resolve(c, CoreDepsToken),
        webhooks: resolve(c, WebhookIngressToken),
        drift: () => state.dual?.drift() ?? null,
        replayPassRate: () => readReplayPassRate(state.store),
        inFlight: resolve(c, InFlightToken),
        spool: new WebhookSpool(join(config.state.dir, 'webhook-spool'), config.webhookSpoolCapacity),
        webhookApplier: new WebhookApplier(resolve(c, CoreDepsToken), resolve(c, Logger), config.webhookApplierEnabled, (seconds) => metrics.webhookApplySeconds.observe(seconds)),
        crafter: resolve(c, CardCrafter),
        users: resolve(c, Users),
        quarantineDecisions: resolve(c, QuarantineDecisions),
        jobs: resolve(c, WorkQueue),
        batches: meteredStore(state.batches, metrics),
        webhookAuthFailures: new WebhookAuthFailures(resolve(c, CoreDepsToken).store),
        metrics,
      }),
    });
    const services = resolve(container, AppServicesToken);
    metrics.readQueueWith(async () => {
      const queue = await traceQueue(services.deps, { approvalSlaMinutes: config.approvalSlaMinutes, inDoubtAfterMs: STALE_SENDING_MS });
      return queue.isOk() ? { pending: queue.value.total_pending, approvedWaiting: queue.value.approved_waiting, oldestPendingAgeSeconds: queue.value.oldest_pending_age_minutes === null ? null : queue.value.oldest_pending_age_minutes * 60 } : null;
    });
    return { container, services, state, verifiers: channels.verifiers, closeChannels: 'close' in channels && typeof channels.close === 'function' ? (channels.close as () => Promise<void>) : async () => undefined };
  });
};
