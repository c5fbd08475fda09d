import { WEBHOOK_CREDENTIAL_VARIABLES } from '@caio/adapters-webhooks';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { AppConfig } from '../config/app-config.js';

const REDACTED = '[redacted]';
/** Shorter values would mask ordinary words; every credential here is far longer. */
const MIN_SECRET_LENGTH = 8;
const MAX_DEPTH = 8;

/**
 * Every credential the app is configured with: dashboard tokens, provider API keys,
 * webhook secrets (shared, bearer, URL, Standard Webhooks; public keys are not secret).
 */
export const configuredSecrets = (config: AppConfig): readonly string[] => {
  const webhook = WEBHOOK_CREDENTIAL_VARIABLES.filter((v) => v.kind !== 'public_key').map((v) => config.webhookEnv[v.variable]?.trim());
  const whsecKeys = webhook.filter((v): v is string => v?.startsWith('whsec_') === true).map((v) => v.slice('whsec_'.length));
  return [...config.dashboard.tokens, config.providers.ghl.apiToken, config.providers.instantly.apiKey, config.providers.heyreach.apiKey, ...webhook, ...whsecKeys].filter(
    (s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH,
  );
};

/** A secret as it may appear in a log: raw, URL-encoded (query strings), base64 (Basic auth, encoded bodies). */
const spellings = (secret: string): string[] => [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')])];

/**
 * Makes any value safe to log: every configured secret (in any of its spellings) is
 * replaced, raw bytes are never written (a client error's `rawPacket` holds the whole
 * request: tokens, signatures, query secrets), and errors keep their type, code,
 * message, stack and cause, scrubbed the same way.
 */
export const logScrubber = (secrets: readonly string[]) => {
  const needles = [...new Set(secrets.flatMap(spellings))].sort((a, b) => b.length - a.length);
  const text = (value: string): string => needles.reduce((out, needle) => (out.includes(needle) ? out.split(needle).join(REDACTED) : out), value);
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${(value as ArrayBufferLike).byteLength} bytes not logged]`;
    if (depth >= MAX_DEPTH) return '[nested too deep]';
    if (value instanceof Error) {
      const { rawPacket: _raw, ...fields } = value as Error & Record<string, unknown>;
      return scrub({ ...fields, type: value.name, message: value.message, stack: value.stack, ...(value.cause === undefined ? {} : { cause: value.cause }) }, depth + 1);
    }
    if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'rawPacket').map(([key, v]) => [key, scrub(v, depth + 1)]));
  };
  return (value: unknown): unknown => scrub(value, 0);
};

/** Header paths that carry credentials, wherever a request or a response is logged. */
const REDACT_PATHS = [
  'authorization',
  'x-dashboard-token',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-webhook-secret',
  'webhook-signature',
  'x-wh-signature',
  'x-ghl-signature',
].flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`, `*.headers["${h}"]`, `res.headers["${h}"]`]);

/** URL paths whose query string is cut (`?token=`, `?secret=` carry credentials). */
const URL_PATHS = ['url', 'req.url', '*.url'];

/** Query strings are cut from URLs; every other redacted path is replaced. */
const censor = (value: unknown, path: string[]): unknown => (path.at(-1) === 'url' && typeof value === 'string' ? value.split('?')[0] : REDACTED);

/**
 * The app's pino logger: JSON lines at `level`, credential headers redacted by path, and
 * every logged value (message, fields, errors) passed through `logScrubber` at every
 * level, trace included: a client error's raw packet or an error text quoting a header
 * can never carry a configured secret into the logs.
 *
 * @category adapters
 */
export const createAppLogger = (options: { readonly level: string; readonly secrets: readonly string[]; readonly destination?: DestinationStream; readonly base?: Record<string, unknown> }): Pino => {
  const scrub = logScrubber(options.secrets);
  return pino(
    {
      level: options.level,
      base: options.base ?? { service: 'caio-outbound' },
      redact: { paths: [...REDACT_PATHS, ...URL_PATHS], censor },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrub(arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
};
