import type { AutonomyConfig, Cadence, Channel, SendPolicyConfig } from '@caio/core';

/**
 * The parsed, validated configuration of the app: built once from the environment by
 * `parseConfig`, then passed around as data (never `process.env` again).
 *
 * @category model
 */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  /**
   * HTTP_REQUEST_TIMEOUT_MS / HTTP_HEADERS_TIMEOUT_MS: a slow client is cut off.
   * TRUST_PROXY: the proxies (addresses or CIDRs) whose X-Forwarded-For names the client.
   */
  readonly http: { readonly requestTimeoutMs: number; readonly headersTimeoutMs: number; readonly trustProxy: readonly string[] };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly state: {
    readonly backend: 'file' | 'redis' | 'dual';
    readonly dir: string;
    readonly redisUrl: string;
    /** REDIS_CLUSTER_NODES: seed nodes of a Redis Cluster; empty means the single Redis at `redisUrl`. */
    readonly redisClusterNodes: readonly { readonly host: string; readonly port: number }[];
    readonly redisRequired: boolean;
    /** REDIS_USERNAME / REDIS_PASSWORD: AUTH on every node (a single Redis may carry them in its URL instead). */
    readonly redisUsername?: string;
    readonly redisPassword?: string;
    /**
     * TLS (a rediss:// REDIS_URL, or REDIS_TLS=true for a cluster), null without: the CA file
     * (REDIS_TLS_CA_FILE, read at start into `caPem`) and the certificate name to expect.
     */
    readonly redisTls: { readonly caFile?: string; readonly caPem?: string; readonly servername?: string } | null;
    readonly redisKeyPrefix: string;
    readonly dualReadEnabled: boolean;
    readonly fileFallbackWrite: boolean;
  };
  readonly sendMode: 'sandbox' | 'live';
  /** ERASURE_HASH_KEY: the secret of the keyed hashes an erasure leaves (tombstones, redacted audit values); erasure needs it. */
  readonly erasureHashKey?: string;
  readonly channels: readonly Channel[];
  /** The send policy; SEND_RAMP sets its base cap and ramp steps. */
  readonly policy: SendPolicyConfig;
  /** AUTONOMY_*: autonomous approvals and the fallback breakers. */
  readonly autonomy: AutonomyConfig;
  /** PENDING_TTL_HOURS: pending cards older than this expire. */
  readonly pendingTtlHours: number;
  /** The job engine: BullMQ with STATE_BACKEND=redis|dual, in-process on the file store. */
  readonly jobs: {
    /** JOBS_REQUIRED: an unhealthy engine makes the app unready. */
    readonly required: boolean;
    /** JOBS_CONCURRENCY: jobs one instance runs at once. */
    readonly concurrency: number;
    /** JOBS_LOCK_MS: how long a dead worker's job stays claimed before another retakes it. */
    readonly lockMs: number;
  };
  readonly windowOverride: boolean;
  readonly cleanDaysRequired: number;
  readonly approvalSlaMinutes: number;
  /** APPROVAL_UNDO_SECONDS: a send on approval waits this long, and can be withdrawn meanwhile (0: at once). */
  readonly approvalUndoSeconds: number;
  readonly dashboard: {
    /** Accepted tokens (several during a rotation). */
    readonly tokens: readonly string[];
    /** True when no token was configured and one was generated for this store. */
    readonly tokenGenerated: boolean;
    readonly strict: boolean;
    readonly queryTokenEnabled: boolean;
  };
  /**
   * Named users. DASHBOARD_ADMIN_NAME: the admin user DASHBOARD_AUTH_TOKEN signs in as.
   * BOOTSTRAP_ADMIN_NAME / BOOTSTRAP_ADMIN_TOKEN: the first admin, added to the store at
   * start while it holds no admin (only the token's SHA-256 is kept, here and there).
   */
  readonly users: {
    readonly dashboardTokenUser: string;
    readonly bootstrapAdmin: { readonly name: string; readonly tokenSha256: string } | null;
  };
  readonly corsAllowedOrigins: readonly string[];
  readonly providers: {
    readonly ghl: { readonly apiToken?: string; readonly locationId?: string; readonly baseUrl: string };
    readonly instantly: { readonly apiKey?: string; readonly baseUrl: string };
    readonly heyreach: { readonly apiKey?: string; readonly baseUrl: string; readonly resumePausedCampaign: boolean };
  };
  /**
   * `/metrics`: on its own listener when `port` is set (METRICS_PORT, METRICS_HOST), else on
   * the public listener only with `token` (METRICS_TOKEN, a bearer token); with neither it
   * is not served. Never unauthenticated on the public listener.
   */
  readonly metrics: { readonly port: number | null; readonly host: string; readonly token?: string };
  /** The raw environment, for the webhook package's own parser (it names its variables). */
  readonly webhookEnv: Readonly<Record<string, string | undefined>>;
  /** Retired variables found in the environment, each with what to do instead (logged at start). */
  readonly retiredVariables: readonly { readonly variable: string; readonly message: string }[];
  /** WEBHOOK_SPOOL_MAX_ENTRIES: the bound of the local spool of RB2B deliveries the store could not take. */
  readonly webhookSpoolCapacity: number;
  /** WEBHOOK_APPLIER_ENABLED: this instance applies accepted webhook events in the background (false: it only accepts them). */
  readonly webhookApplierEnabled: boolean;
  readonly demoSeed: boolean;
  /** CADENCES: follow-up steps per campaign (empty: no follow-ups are planned). */
  readonly cadences: readonly Cadence[];
  /** Periodic work inside `caio serve`, each a job scheduler of the job engine. */
  readonly schedule: {
    readonly dispatchMs: number;
    readonly autonomyMs: number;
    readonly expiryMs: number;
    readonly enabled: boolean;
    readonly cadenceTickMs: number;
    readonly staleRecoveryMs: number;
    readonly cleanDayMs: number;
    readonly inboxRetentionMs: number;
  };
  /** NOTIFY_*: operator notifications to a Slack-compatible incoming webhook (off without a URL). */
  readonly notify: { readonly url?: string; readonly intervalMs: number; readonly authFailureThreshold: number };
}
