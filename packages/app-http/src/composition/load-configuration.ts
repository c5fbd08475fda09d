import { WEBHOOK_CREDENTIAL_VARIABLES, webhookSetupFromEnv, type WebhookSetup } from '@caio/adapters-webhooks';
import { WEBHOOK_PROVIDERS } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { readFile } from 'node:fs/promises';
import type { AppConfig } from '../config/app-config.js';
import { parseConfig, type ConfigProblem } from '../config/parse-config.js';
import { DEFAULT_TEMPLATES, loadTemplates, type TemplateSet } from '../crafting/message-templates.js';
import { loadOrCreateLocalSecrets, sandboxWebhookEnv } from './local-secrets.js';

export interface LoadedConfiguration {
  readonly config: AppConfig;
  readonly webhooks: WebhookSetup;
  /** Where a generated dashboard token lives (sandbox runs without DASHBOARD_AUTH_TOKEN). */
  readonly localSecretsPath: string | null;
  /** The message copy: TEMPLATES_DIR over the built-in templates, validated. */
  readonly templates: TemplateSet;
}

// Any webhook credential set by the operator means the sandbox must not generate its own.
const WEBHOOK_SECRET_VARS = WEBHOOK_CREDENTIAL_VARIABLES.map((v) => v.variable);

/**
 * Reads the whole configuration once: the app's variables, then the webhook variables,
 * every problem named. A sandbox run with no dashboard token or webhook secrets gets
 * generated local ones (so strict mode still holds); a live run never does. Strict
 * webhooks with a provider left unauthenticated (and not allowlisted) refuse to start.
 *
 * @category adapters
 */
export const loadConfiguration = async (env: Readonly<Record<string, string | undefined>>): Promise<Result<LoadedConfiguration, readonly ConfigProblem[]>> => {
  const sandbox = (env.SEND_MODE ?? 'sandbox') === 'sandbox';
  const needsLocal = sandbox && (!env.DASHBOARD_AUTH_TOKEN || !WEBHOOK_SECRET_VARS.some((v) => env[v]));
  let local: Awaited<ReturnType<typeof loadOrCreateLocalSecrets>> | null = null;
  try {
    local = needsLocal ? await loadOrCreateLocalSecrets(env.STATE_DIR ?? './.caio/state') : null;
  } catch (error) {
    // An unusable state directory is a configuration problem, reported on one line like the others.
    return err([{ variable: 'STATE_DIR', message: `local secrets could not be read or created: ${(error as Error).message}` }]);
  }
  const withLocal = local && !WEBHOOK_SECRET_VARS.some((v) => env[v]) ? { ...sandboxWebhookEnv(local.secrets.webhookSecret), ...env } : env;
  const config = parseConfig(withLocal, local && !env.DASHBOARD_AUTH_TOKEN ? local.secrets.dashboardToken : undefined);
  const webhooks = webhookSetupFromEnv(withLocal);
  // An unknown placeholder (or a malformed template) refuses to start, naming the file and line.
  const templates = env.TEMPLATES_DIR ? await loadTemplates(env.TEMPLATES_DIR, DEFAULT_TEMPLATES) : ok(DEFAULT_TEMPLATES);
  const problems: ConfigProblem[] = [
    ...(config.isErr() ? config.error : []),
    ...(webhooks.isErr() ? webhooks.error : []),
    ...(templates.isErr() ? templates.error.map((message) => ({ variable: 'TEMPLATES_DIR', message })) : []),
  ];
  if (webhooks.isOk()) {
    const status = webhooks.value.guard.status();
    for (const provider of WEBHOOK_PROVIDERS) {
      if (!status[provider].healthy) {
        problems.push({
          variable: `${provider.toUpperCase()}_WEBHOOK_SECRET`,
          message: `WEBHOOK_SIGNATURE_REQUIRED=true but no authenticator is configured for ${provider}${provider === 'heyreach' ? ' (or set HEYREACH_UNSIGNED_ALLOWLIST=true to accept it unsigned, reported)' : ''}`,
        });
      }
    }
  }
  const tls = config.isOk() ? config.value.state.redisTls : null;
  let caPem: string | undefined;
  if (tls?.caFile !== undefined) {
    try {
      caPem = await readFile(tls.caFile, 'utf8');
    } catch (error) {
      problems.push({ variable: 'REDIS_TLS_CA_FILE', message: `${tls.caFile} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    }
  }
  if (problems.length || config.isErr() || webhooks.isErr() || templates.isErr()) return err(problems);
  const withCa = caPem === undefined ? config.value : { ...config.value, state: { ...config.value.state, redisTls: { ...tls, caPem } } };
  return ok({ config: withCa, webhooks: webhooks.value, localSecretsPath: local && !env.DASHBOARD_AUTH_TOKEN ? local.path : null, templates: templates.value });
};
