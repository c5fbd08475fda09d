import { CHANNELS, DEFAULT_SEND_POLICY_CONFIG, isBuiltInChannel, isValidTimeZone, parseSendWindow, parseUserName, type BuiltInChannel } from '@caio/core';
import { err, ok, type Result } from 'neverthrow';
import { isIP } from 'node:net';
import { z } from 'zod';
import { tokenSha256 } from '../users/token-digest.js';
import type { AppConfig } from './app-config.js';
import { bool, int } from './env-fields.js';
import { parseAutonomyAndJobs } from './parse-autonomy-config.js';
import { parseCadences } from './parse-cadences.js';

/** One bad variable and why; the app refuses to start and prints every one. @category errors */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const url = (fallback: string) => z.url({ message: 'must be an http(s) URL' }).optional().transform((v) => v ?? fallback);

const secret = z.string().optional().transform((v) => (v?.trim() ? v.trim() : undefined));

const schema = z.object({
  HOST: z.string().min(1).optional().transform((v) => v ?? '127.0.0.1'),
  PORT: int(8080, 0, 65535),
  HTTP_REQUEST_TIMEOUT_MS: int(30_000, 1_000, 600_000),
  HTTP_HEADERS_TIMEOUT_MS: int(15_000, 500, 120_000),
  TRUST_PROXY: list,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().transform((v) => v ?? 'info'),
  STATE_BACKEND: z.enum(['file', 'redis', 'dual']).optional().transform((v) => v ?? 'file'),
  STATE_DIR: z.string().min(1).optional().transform((v) => v ?? './.caio/state'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional()
    .transform((v) => v ?? 'redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^\s:/@]+:\d{1,5}$/, 'must be comma-separated host:port seed nodes, e.g. 10.0.0.1:6379,10.0.0.2:6379'))),
  REDIS_REQUIRED: bool(false),
  REDIS_USERNAME: secret,
  REDIS_PASSWORD: secret,
  REDIS_TLS: bool(false),
  REDIS_TLS_CA_FILE: z.string().min(1).optional(),
  REDIS_TLS_SERVERNAME: z.string().min(1).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 characters of [A-Za-z0-9_.:-]').optional().transform((v) => v ?? 'caio'),
  STATE_DUAL_READ_ENABLED: bool(false),
  STATE_FILE_FALLBACK_WRITE: bool(false),
  SEND_MODE: z.enum(['sandbox', 'live']).optional().transform((v) => v ?? 'sandbox'),
  SEND_CHANNELS: list,
  SEND_TIMEZONE: z.string().optional().transform((v) => v ?? DEFAULT_SEND_POLICY_CONFIG.timeZone),
  SUPERVISED_SEND_WINDOW: z.string().optional().transform((v) => v ?? '15:00-17:00'),
  SUPERVISED_SEND_WINDOW_OVERRIDE: bool(false),
  LEAD_QUIET_HOURS: z.string().optional(),
  DAILY_SEND_CAP: int(5, 0, 100_000),
  CLEAN_DAYS_REQUIRED: int(3, 1, 365),
  APPROVAL_SLA_MINUTES: int(120, 1, 10_080),
  APPROVAL_UNDO_SECONDS: int(0, 0, 3_600),
  DASHBOARD_AUTH_TOKEN: list,
  ERASURE_HASH_KEY: secret,
  DASHBOARD_AUTH_STRICT: bool(true),
  DASHBOARD_QUERY_TOKEN_ENABLED: bool(false),
  DASHBOARD_ADMIN_NAME: z.string().optional().transform((v) => v ?? 'admin'),
  BOOTSTRAP_ADMIN_NAME: z.string().optional(),
  BOOTSTRAP_ADMIN_TOKEN: secret,
  CORS_ALLOWED_ORIGINS: list,
  GHL_API_TOKEN: secret,
  GHL_LOCATION_ID: secret,
  GHL_BASE_URL: url('https://services.leadconnectorhq.com'),
  INSTANTLY_API_KEY: secret,
  INSTANTLY_BASE_URL: url('https://api.instantly.ai/api/v2'),
  HEYREACH_API_KEY: secret,
  HEYREACH_BASE_URL: url('https://api.heyreach.io/api/public'),
  HEYREACH_RESUME_PAUSED_CAMPAIGN: bool(true),
  DEMO_SEED: bool(true),
  WEBHOOK_SPOOL_MAX_ENTRIES: int(10_000, 1, 1_000_000),
  WEBHOOK_APPLIER_ENABLED: bool(true),
  CADENCES: z.string().optional(),
  SCHEDULED_WORK_ENABLED: bool(true),
  CADENCE_TICK_MINUTES: int(60, 1, 1_440),
  STALE_SENDING_RECOVERY_MINUTES: int(5, 1, 1_440),
  CLEAN_DAY_ACCOUNTING_MINUTES: int(60, 1, 1_440),
  INBOX_RETENTION_MINUTES: int(60, 1, 1_440),
  NOTIFY_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  NOTIFY_INTERVAL_SECONDS: int(30, 1, 3_600),
  NOTIFY_AUTH_FAILURE_THRESHOLD: int(10, 1, 1_000_000),
  METRICS_PORT: z.string().regex(/^\d+$/, 'must be a whole number').optional().transform((v) => (v === undefined ? null : Number(v))).pipe(z.number().min(0).max(65_535, 'must be at most 65535').nullable()),
  METRICS_HOST: z.string().min(1).optional(),
  METRICS_TOKEN: secret,
});

const MIN_TOKEN_LENGTH = 24;

/** Variables that no longer do anything: a start with one set says so (and ignores it). */
const RETIRED_VARIABLES: readonly { readonly variable: string; readonly message: string }[] = [
  {
    variable: 'REDIS_INIT_EPOCH',
    message: 'REDIS_INIT_EPOCH is set but does nothing: the app never creates the Redis epoch marker (left in the environment it defeated the data-loss guard). Run `caio state init` once for a first deployment; remove the variable',
  },
];

/** `10.0.0.7`, `::1`, `10.0.0.0/8`, `fd00::/8`: what TRUST_PROXY may list. */
const isAddressOrCidr = (value: string): boolean => {
  const [address = '', bits, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
};

/** BOOTSTRAP_ADMIN_NAME and BOOTSTRAP_ADMIN_TOKEN come together; only the token's SHA-256 is kept. */
const parseBootstrapAdmin = (name: string | undefined, token: string | undefined, problem: (variable: string, message: string) => void): AppConfig['users']['bootstrapAdmin'] => {
  if (name === undefined && token === undefined) return null;
  if (name === undefined || token === undefined) {
    problem(name === undefined ? 'BOOTSTRAP_ADMIN_NAME' : 'BOOTSTRAP_ADMIN_TOKEN', 'must be set together with ' + (name === undefined ? 'BOOTSTRAP_ADMIN_TOKEN' : 'BOOTSTRAP_ADMIN_NAME'));
    return null;
  }
  if (parseUserName(name).isErr()) problem('BOOTSTRAP_ADMIN_NAME', 'must be 1-64 characters of [a-z0-9._-] starting with a letter or digit');
  if (token.length < MIN_TOKEN_LENGTH) problem('BOOTSTRAP_ADMIN_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);
  return { name, tokenSha256: tokenSha256(token) };
};

/**
 * Parses the environment once. Returns every problem at once, each naming its variable,
 * so an operator fixes a deployment in one pass. `generatedToken` is used when no
 * dashboard token is configured (see the main command: it persists one per store).
 *
 * @category model
 */
export const parseConfig = (env: Env, generatedToken?: string): Result<AppConfig, readonly ConfigProblem[]> => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })));
  }
  const e = parsed.data;
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });

  if (!isValidTimeZone(e.SEND_TIMEZONE)) problem('SEND_TIMEZONE', `${e.SEND_TIMEZONE} is not an IANA timezone (e.g. America/New_York)`);
  const window = parseSendWindow(e.SUPERVISED_SEND_WINDOW);
  if (window.isErr()) problem('SUPERVISED_SEND_WINDOW', `${window.error.message} (expected HH:MM-HH:MM)`);
  const quiet = e.LEAD_QUIET_HOURS === undefined ? undefined : parseSendWindow(e.LEAD_QUIET_HOURS);
  if (quiet?.isErr()) problem('LEAD_QUIET_HOURS', `${quiet.error.message} (expected HH:MM-HH:MM)`);

  const unknownChannels = e.SEND_CHANNELS.filter((c) => !isBuiltInChannel(c));
  if (unknownChannels.length) problem('SEND_CHANNELS', `unknown channel(s) ${unknownChannels.join(', ')}; use ${CHANNELS.join(', ')}`);
  const channels = (e.SEND_CHANNELS.length ? e.SEND_CHANNELS : [...CHANNELS]).filter(isBuiltInChannel);

  if (e.SEND_MODE === 'live') {
    const need: Record<BuiltInChannel, readonly [string, string | undefined][]> = {
      ghl_email: [
        ['GHL_API_TOKEN', e.GHL_API_TOKEN],
        ['GHL_LOCATION_ID', e.GHL_LOCATION_ID],
      ],
      instantly: [['INSTANTLY_API_KEY', e.INSTANTLY_API_KEY]],
      heyreach: [['HEYREACH_API_KEY', e.HEYREACH_API_KEY]],
    };
    for (const channel of channels) {
      for (const [name, value] of need[channel]) if (!value) problem(name, `is required when SEND_MODE=live and SEND_CHANNELS includes ${channel}`);
    }
    if (!e.DASHBOARD_AUTH_STRICT) problem('DASHBOARD_AUTH_STRICT', 'must be true when SEND_MODE=live');
  }

  if (e.STATE_BACKEND !== 'dual') {
    if (e.STATE_DUAL_READ_ENABLED) problem('STATE_DUAL_READ_ENABLED', 'is only meaningful with STATE_BACKEND=dual');
    if (e.STATE_FILE_FALLBACK_WRITE) problem('STATE_FILE_FALLBACK_WRITE', 'is only meaningful with STATE_BACKEND=dual');
  }
  if (e.STATE_BACKEND === 'file' && e.REDIS_REQUIRED) problem('REDIS_REQUIRED', 'is true but STATE_BACKEND=file does not use Redis');
  if (e.REDIS_CLUSTER_NODES.length && env.REDIS_URL !== undefined) problem('REDIS_CLUSTER_NODES', 'and REDIS_URL are both set; set REDIS_URL for one Redis or REDIS_CLUSTER_NODES for a cluster');
  if (e.REDIS_CLUSTER_NODES.length && e.STATE_BACKEND === 'file') problem('REDIS_CLUSTER_NODES', 'is set but STATE_BACKEND=file does not use Redis');
  const urlTls = e.REDIS_URL.startsWith('rediss://');
  const cluster = e.REDIS_CLUSTER_NODES.length > 0;
  if (e.REDIS_TLS && !cluster) problem('REDIS_TLS', 'is for REDIS_CLUSTER_NODES; for one Redis use a rediss:// REDIS_URL');
  const tlsOn = cluster ? e.REDIS_TLS : urlTls;
  if (!tlsOn && e.REDIS_TLS_CA_FILE !== undefined) problem('REDIS_TLS_CA_FILE', 'needs TLS: a rediss:// REDIS_URL, or REDIS_TLS=true with REDIS_CLUSTER_NODES');
  if (!tlsOn && e.REDIS_TLS_SERVERNAME !== undefined) problem('REDIS_TLS_SERVERNAME', 'needs TLS: a rediss:// REDIS_URL, or REDIS_TLS=true with REDIS_CLUSTER_NODES');
  const urlCredentials = !cluster && /^rediss?:\/\/[^/@]*@/.test(e.REDIS_URL);
  if (urlCredentials && (e.REDIS_PASSWORD !== undefined || e.REDIS_USERNAME !== undefined)) problem('REDIS_PASSWORD', 'and credentials in REDIS_URL are both set; set them in one place');
  if (e.REDIS_USERNAME !== undefined && e.REDIS_PASSWORD === undefined) problem('REDIS_USERNAME', 'needs REDIS_PASSWORD');
  const clusterNodes = e.REDIS_CLUSTER_NODES.map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) }));
  const badPort = clusterNodes.find((n) => n.port < 1 || n.port > 65_535);
  if (badPort) problem('REDIS_CLUSTER_NODES', `port ${badPort.port} of ${badPort.host} is not between 1 and 65535`);

  const short = e.DASHBOARD_AUTH_TOKEN.filter((t) => t.length < MIN_TOKEN_LENGTH);
  if (short.length) problem('DASHBOARD_AUTH_TOKEN', `every token must be at least ${MIN_TOKEN_LENGTH} characters (${short.length} too short)`);
  const tokens = e.DASHBOARD_AUTH_TOKEN.length ? e.DASHBOARD_AUTH_TOKEN : generatedToken ? [generatedToken] : [];
  if (e.DASHBOARD_AUTH_STRICT && tokens.length === 0) problem('DASHBOARD_AUTH_TOKEN', 'is required when DASHBOARD_AUTH_STRICT=true');
  if (e.SEND_MODE === 'live' && e.DASHBOARD_AUTH_TOKEN.length === 0) problem('DASHBOARD_AUTH_TOKEN', 'must be set explicitly when SEND_MODE=live');

  if (parseUserName(e.DASHBOARD_ADMIN_NAME).isErr()) problem('DASHBOARD_ADMIN_NAME', 'must be 1-64 characters of [a-z0-9._-] starting with a letter or digit');
  const bootstrapAdmin = parseBootstrapAdmin(e.BOOTSTRAP_ADMIN_NAME, e.BOOTSTRAP_ADMIN_TOKEN, problem);

  for (const origin of e.CORS_ALLOWED_ORIGINS) {
    if (origin === '*' || !/^https?:\/\/[^/\s]+$/.test(origin)) problem('CORS_ALLOWED_ORIGINS', `${origin} is not an explicit origin (scheme://host[:port], no wildcard, no path)`);
  }

  for (const proxy of e.TRUST_PROXY) {
    if (!isAddressOrCidr(proxy)) problem('TRUST_PROXY', `${proxy} is not an IP address or CIDR (e.g. 10.0.0.7 or 10.0.0.0/8)`);
  }
  if (e.ERASURE_HASH_KEY !== undefined && e.ERASURE_HASH_KEY.length < 32) problem('ERASURE_HASH_KEY', 'must be at least 32 characters (a random secret)');
  if (e.METRICS_TOKEN !== undefined && e.METRICS_TOKEN.length < MIN_TOKEN_LENGTH) problem('METRICS_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);
  if (e.METRICS_TOKEN !== undefined && tokens.includes(e.METRICS_TOKEN)) problem('METRICS_TOKEN', 'must differ from every dashboard token (a scraper must not hold dashboard access)');
  if (e.METRICS_PORT !== null && e.METRICS_PORT === e.PORT && e.PORT !== 0) problem('METRICS_PORT', 'must differ from PORT: metrics get their own listener');

  const cadences = parseCadences(e.CADENCES);
  if (cadences.isErr()) problem('CADENCES', cadences.error);
  const autonomy = parseAutonomyAndJobs(env);
  problems.push(...autonomy.problems);

  if (problems.length || window.isErr() || quiet?.isErr() || cadences.isErr() || !autonomy.value) return err(problems);
  const extra = autonomy.value;
  return ok({
    host: e.HOST,
    port: e.PORT,
    http: { requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS, headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS, trustProxy: e.TRUST_PROXY },
    logLevel: e.LOG_LEVEL,
    state: {
      backend: e.STATE_BACKEND,
      dir: e.STATE_DIR,
      redisUrl: e.REDIS_URL,
      redisClusterNodes: clusterNodes,
      redisRequired: e.REDIS_REQUIRED || e.STATE_BACKEND !== 'file',
      ...(e.REDIS_USERNAME !== undefined ? { redisUsername: e.REDIS_USERNAME } : {}),
      ...(e.REDIS_PASSWORD !== undefined ? { redisPassword: e.REDIS_PASSWORD } : {}),
      redisTls: tlsOn ? { ...(e.REDIS_TLS_CA_FILE !== undefined ? { caFile: e.REDIS_TLS_CA_FILE } : {}), ...(e.REDIS_TLS_SERVERNAME !== undefined ? { servername: e.REDIS_TLS_SERVERNAME } : {}) } : null,
      redisKeyPrefix: e.REDIS_KEY_PREFIX,
      dualReadEnabled: e.STATE_DUAL_READ_ENABLED,
      fileFallbackWrite: e.STATE_FILE_FALLBACK_WRITE,
    },
    sendMode: e.SEND_MODE,
    channels,
    policy: {
      ...DEFAULT_SEND_POLICY_CONFIG,
      timeZone: e.SEND_TIMEZONE,
      window: window.value,
      dailyCap: e.DAILY_SEND_CAP,
      ...(extra.ramp ?? {}),
      ...(Object.keys(extra.channelCaps).length > 0 ? { channelCaps: extra.channelCaps } : {}),
      ...(quiet?.isOk() ? { leadQuietHours: quiet.value } : {}),
    },
    autonomy: extra.autonomy,
    pendingTtlHours: extra.pendingTtlHours,
    jobs: extra.jobs,
    windowOverride: e.SUPERVISED_SEND_WINDOW_OVERRIDE,
    cleanDaysRequired: e.CLEAN_DAYS_REQUIRED,
    approvalSlaMinutes: e.APPROVAL_SLA_MINUTES,
    approvalUndoSeconds: e.APPROVAL_UNDO_SECONDS,
    dashboard: {
      tokens,
      tokenGenerated: e.DASHBOARD_AUTH_TOKEN.length === 0 && tokens.length > 0,
      strict: e.DASHBOARD_AUTH_STRICT,
      queryTokenEnabled: e.DASHBOARD_QUERY_TOKEN_ENABLED,
    },
    users: { dashboardTokenUser: e.DASHBOARD_ADMIN_NAME, bootstrapAdmin },
    corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS,
    ...(e.ERASURE_HASH_KEY ? { erasureHashKey: e.ERASURE_HASH_KEY } : {}),
    providers: {
      ghl: { ...(e.GHL_API_TOKEN ? { apiToken: e.GHL_API_TOKEN } : {}), ...(e.GHL_LOCATION_ID ? { locationId: e.GHL_LOCATION_ID } : {}), baseUrl: e.GHL_BASE_URL },
      instantly: { ...(e.INSTANTLY_API_KEY ? { apiKey: e.INSTANTLY_API_KEY } : {}), baseUrl: e.INSTANTLY_BASE_URL },
      heyreach: { ...(e.HEYREACH_API_KEY ? { apiKey: e.HEYREACH_API_KEY } : {}), baseUrl: e.HEYREACH_BASE_URL, resumePausedCampaign: e.HEYREACH_RESUME_PAUSED_CAMPAIGN },
    },
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST, ...(e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {}) },
    webhookEnv: env,
    retiredVariables: RETIRED_VARIABLES.filter((r) => env[r.variable] !== undefined),
    webhookSpoolCapacity: e.WEBHOOK_SPOOL_MAX_ENTRIES,
    webhookApplierEnabled: e.WEBHOOK_APPLIER_ENABLED,
    demoSeed: e.DEMO_SEED && e.SEND_MODE === 'sandbox',
    cadences: cadences.value,
    schedule: {
      enabled: e.SCHEDULED_WORK_ENABLED,
      cadenceTickMs: e.CADENCE_TICK_MINUTES * 60_000,
      staleRecoveryMs: e.STALE_SENDING_RECOVERY_MINUTES * 60_000,
      cleanDayMs: e.CLEAN_DAY_ACCOUNTING_MINUTES * 60_000,
      inboxRetentionMs: e.INBOX_RETENTION_MINUTES * 60_000,
      ...extra.ticks,
    },
    notify: { ...(e.NOTIFY_WEBHOOK_URL ? { url: e.NOTIFY_WEBHOOK_URL } : {}), intervalMs: e.NOTIFY_INTERVAL_SECONDS * 1000, authFailureThreshold: e.NOTIFY_AUTH_FAILURE_THRESHOLD },
  });
};

/** The message printed when the app refuses to start: one line per problem. */
export const describeConfigProblems = (problems: readonly ConfigProblem[]): string =>
  problems.map((p) => `Refusing to start: ${p.variable}: ${p.message.replace(/\s+/g, ' ')}`).join('\n');
