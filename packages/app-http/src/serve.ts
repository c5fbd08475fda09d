import { configuredSecrets, createAppLogger } from './composition/app-logger.js';
import { composeApp } from './composition/container.js';
import { loadConfiguration } from './composition/load-configuration.js';
import { SpoolReplayer } from './composition/replay-spool.js';
import { runStartup, STALE_SENDING_MS } from './composition/startup.js';
import { describeConfigProblems } from './config/parse-config.js';
import { describeListenError, describeStoreOpenError, EXIT } from './cli/exit-codes.js';
import { buildServer } from './http/build-server.js';
import { startJobs } from './jobs/start-jobs.js';
import { startMetricsServer } from './metrics/metrics-endpoint.js';
import { bootstrapFirstAdmin } from './users/bootstrap-admin.js';
import { startNotifications } from './notifications/start-notifications.js';
import type { Server } from 'node:http';

const SHUTDOWN_GRACE_MS = 25_000;

/**
 * `caio serve`: load the configuration (refusing to start on any bad variable), compose,
 * run start-up recovery, listen, and shut down gracefully on SIGTERM/SIGINT: stop
 * accepting (503 while closing), let in-flight sends finish and be recorded, close the store.
 *
 * @category adapters
 */
export const serve = async (env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> => {
  const loaded = await loadConfiguration(env);
  if (loaded.isErr()) {
    process.stderr.write(`${describeConfigProblems(loaded.error)}\n`);
    return EXIT.usage;
  }
  const { config } = loaded.value;
  const logger = createAppLogger({ level: config.logLevel, secrets: configuredSecrets(config) });
  for (const retired of config.retiredVariables) logger.warn({ variable: retired.variable }, retired.message);
  const composed = await composeApp(loaded.value, logger);
  if (composed.isErr()) {
    process.stderr.write(`Refusing to start: ${describeStoreOpenError(composed.error)}\n`);
    return EXIT.storeUnavailable;
  }
  const { services, state, closeChannels } = composed.value;
  const startup = await runStartup(services.deps, config);
  const bootstrap = await bootstrapFirstAdmin({ users: services.users, audit: services.deps.store, ids: services.deps.ids }, config, services.deps.clock.now());
  logger.info({ startup, bootstrapAdmin: bootstrap, backend: config.state.backend, sendMode: config.sendMode }, 'started');
  if (startup.recoveredUnknown > 0) {
    logger.warn({ recoveredUnknown: startup.recoveredUnknown }, `start-up recovery: ${startup.recoveredUnknown} stale sending claim(s) marked unknown (maybe sent); list them with caio reconcile`);
  }
  if (startup.stillSending > 0) {
    logger.warn({ stillSending: startup.stillSending }, `start-up recovery: ${startup.stillSending} sending claim(s) younger than ${STALE_SENDING_MS / 60_000} minutes left alone (another instance may be sending); the stale-sending-recovery job takes them once stale`);
  }
  const app = await buildServer(services, logger);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    const reason = describeListenError(error, config.host, config.port);
    if (reason === null) throw error;
    process.stderr.write(`Refusing to start: ${reason}\n`);
    await app.close();
    await services.jobs.close();
    await state.store.close();
    await closeChannels();
    return EXIT.listenFailed;
  }
  let metricsServer: Server | null;
  try {
    metricsServer = await startMetricsServer(config.metrics, services.metrics);
  } catch (error) {
    const reason = describeListenError(error, config.metrics.host, config.metrics.port ?? 0);
    if (reason === null) throw error;
    process.stderr.write(`Refusing to start: metrics listener (METRICS_PORT): ${reason.replace('set PORT', 'set METRICS_PORT')}\n`);
    await app.close();
    await services.jobs.close();
    await state.store.close();
    await closeChannels();
    return EXIT.listenFailed;
  }
  // Not awaited: with Redis unreachable the schedulers register once it answers, and the
  // app meanwhile serves (unready with JOBS_REQUIRED=true), as the store does.
  void startJobs(services.jobs, services, config).then((problem) => {
    if (problem) logger.warn({ problem }, 'job schedulers not (all) registered; readiness reports the engine');
  });
  // This instance runs a job worker (periodic jobs when scheduled, and batch executions).
  services.metrics.schedulerRunning.set(1);
  const spoolReplayer = new SpoolReplayer(services.deps, services.spool, services.deps.logger);
  spoolReplayer.start();
  services.webhookApplier.start();
  const notifications = startNotifications(services.deps, services, config);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  process.stdout.write(
    [
      '',
      `CAIO outbound is running (${config.sendMode} send mode, ${config.state.backend} store in ${config.state.dir}).`,
      `  Review page:  http://${host}:${port}/sales`,
      loaded.value.localSecretsPath
        ? `  Dashboard token: a local one was generated for this store; read it with: node -p "require('${loaded.value.localSecretsPath.replace(/'/g, "\\'")}').dashboardToken"`
        : '  Dashboard token: the value of DASHBOARD_AUTH_TOKEN',
      `  Health: http://${host}:${port}/healthz   Readiness: http://${host}:${port}/readyz   API: http://${host}:${port}/openapi.json`,
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => resolve(), SHUTDOWN_GRACE_MS);
      force.unref();
      void (async () => {
        await app.close();
        await new Promise((done) => (metricsServer ? metricsServer.close(done) : done(undefined)));
        await services.jobs.close();
        services.metrics.schedulerRunning.set(0);
        await spoolReplayer.stop();
        await services.webhookApplier.stop();
        await notifications?.stop();
        await services.inFlight.drain();
        await state.store.close();
        await closeChannels();
        clearTimeout(force);
        resolve();
      })();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  logger.info('stopped');
  return EXIT.ok;
};
