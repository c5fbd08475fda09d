import type { Cadence, Channel, SendPolicyConfig } from '@caio/core';

/**
 * The parsed, validated configuration of the app: built once from the environment by
 * `parseConfig`, then passed around as data (never `process.env` again).
 *
 * @category model
 */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  /** HTTP_REQUEST_TIMEOUT_MS / HTTP_HEADERS_TIMEOUT_MS: a slow client is cut off. */
  readonly http: { readonly requestTimeoutMs: number; readonly headersTimeoutMs: number };
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
    readonly redisInitEpoch: boolean;
    readonly dualReadEnabled: boolean;
    readonly fileFallbackWrite: boolean;
  };
  readonly sendMode: 'sandbox' | 'live';
  readonly channels: readonly Channel[];
  readonly policy: SendPolicyConfig;
  readonly windowOverride: boolean;
  readonly cleanDaysRequired: number;
  readonly approvalSlaMinutes: number;
  readonly dashboard: {
    /** Accepted tokens (several during a rotation). */
    readonly tokens: readonly string[];
    /** True when no token was configured and one was generated for this store. */
    readonly tokenGenerated: boolean;
    readonly strict: boolean;
    readonly queryTokenEnabled: boolean;
  };
  readonly corsAllowedOrigins: readonly string[];
  readonly providers: {
    readonly ghl: { readonly apiToken?: string; readonly locationId?: string; readonly baseUrl: string };
    readonly instantly: { readonly apiKey?: string; readonly baseUrl: string };
    readonly heyreach: { readonly apiKey?: string; readonly baseUrl: string };
  };
  /**
   * `/metrics`: on its own listener when `port` is set (METRICS_PORT, METRICS_HOST), else on
   * the public listener only with `token` (METRICS_TOKEN, a bearer token); with neither it
   * is not served. Never unauthenticated on the public listener.
   */
  readonly metrics: { readonly port: number | null; readonly host: string; readonly token?: string };
  /** The raw environment, for the webhook package's own parser (it names its variables). */
  readonly webhookEnv: Readonly<Record<string, string | undefined>>;
  readonly demoSeed: boolean;
  /** CADENCES: follow-up steps per campaign (empty: no follow-ups are planned). */
  readonly cadences: readonly Cadence[];
  /** Scheduled work inside `caio serve`, each job under a lease (one instance runs it). */
  readonly schedule: {
    readonly enabled: boolean;
    readonly cadenceTickMs: number;
    readonly staleRecoveryMs: number;
    readonly cleanDayMs: number;
    readonly inboxRetentionMs: number;
  };
}
