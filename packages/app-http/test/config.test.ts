import { describe, expect, it } from 'vitest';
import { redisConnection } from '../src/composition/open-redis-backend.js';
import { describeConfigProblems, parseConfig } from '../src/config/parse-config.js';

const TOKEN = 'a-dashboard-token-of-enough-length';
const problems = (env: Record<string, string>) => {
  const parsed = parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN, ...env });
  return parsed.isErr() ? parsed.error.map((p) => p.variable) : [];
};

describe('configuration', () => {
  it('has safe defaults', () => {
    const config = parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN })._unsafeUnwrap();
    expect(config).toMatchObject({
      host: '127.0.0.1',
      sendMode: 'sandbox',
      state: { backend: 'file', dir: './.caio/state', dualReadEnabled: false, fileFallbackWrite: false },
      dashboard: { strict: true, queryTokenEnabled: false },
      policy: { timeZone: 'America/New_York', dailyCap: 5, window: { start: 900, end: 1020 } },
      windowOverride: false,
      cleanDaysRequired: 3,
      approvalSlaMinutes: 120,
      corsAllowedOrigins: [],
    });
  });

  it.each<[Record<string, string>, string[]]>([
    [{ SEND_MODE: 'live' }, ['GHL_API_TOKEN', 'GHL_LOCATION_ID', 'INSTANTLY_API_KEY', 'HEYREACH_API_KEY']],
    [{ SEND_MODE: 'live', SEND_CHANNELS: 'instantly', INSTANTLY_API_KEY: 'k' }, []],
    [{ SEND_TIMEZONE: 'Mars/Olympus' }, ['SEND_TIMEZONE']],
    [{ SUPERVISED_SEND_WINDOW: '17:00' }, ['SUPERVISED_SEND_WINDOW']],
    [{ DAILY_SEND_CAP: '-1' }, ['DAILY_SEND_CAP']],
    [{ STATE_BACKEND: 'sqlite' }, ['STATE_BACKEND']],
    [{ STATE_DUAL_READ_ENABLED: 'true' }, ['STATE_DUAL_READ_ENABLED']],
    [{ REDIS_REQUIRED: 'true' }, ['REDIS_REQUIRED']],
    [{ DASHBOARD_AUTH_TOKEN: 'short' }, ['DASHBOARD_AUTH_TOKEN']],
    [{ CORS_ALLOWED_ORIGINS: '*' }, ['CORS_ALLOWED_ORIGINS']],
    [{ CORS_ALLOWED_ORIGINS: 'https://ops.example/path' }, ['CORS_ALLOWED_ORIGINS']],
    [{ WEBHOOK_PORT: '1', PORT: 'eighty' }, ['PORT']],
    [{ DASHBOARD_QUERY_TOKEN_ENABLED: 'maybe' }, ['DASHBOARD_QUERY_TOKEN_ENABLED']],
    [{ DASHBOARD_ADMIN_NAME: 'Ops Lead' }, ['DASHBOARD_ADMIN_NAME']],
    // The problem names the half that is missing.
    [{ BOOTSTRAP_ADMIN_NAME: 'founder' }, ['BOOTSTRAP_ADMIN_TOKEN']],
    [{ BOOTSTRAP_ADMIN_TOKEN: 'founder-token-0123456789abcdefghij' }, ['BOOTSTRAP_ADMIN_NAME']],
    [{ BOOTSTRAP_ADMIN_NAME: 'founder', BOOTSTRAP_ADMIN_TOKEN: 'short' }, ['BOOTSTRAP_ADMIN_TOKEN']],
    [{ STATE_BACKEND: 'redis', REDIS_CLUSTER_NODES: '10.0.0.1' }, ['REDIS_CLUSTER_NODES']],
    [{ STATE_BACKEND: 'redis', REDIS_CLUSTER_NODES: 'redis://10.0.0.1:6379' }, ['REDIS_CLUSTER_NODES']],
    [{ STATE_BACKEND: 'redis', REDIS_CLUSTER_NODES: '10.0.0.1:70000' }, ['REDIS_CLUSTER_NODES']],
    [{ STATE_BACKEND: 'redis', REDIS_CLUSTER_NODES: '10.0.0.1:6379', REDIS_URL: 'redis://10.0.0.1:6379' }, ['REDIS_CLUSTER_NODES']],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:6379' }, ['REDIS_CLUSTER_NODES']],
  ])('refuses %j naming %j', (env, variables) => {
    expect(problems(env)).toEqual(variables);
  });

  it('needs a dashboard token in strict mode, and an explicit one in live mode', () => {
    expect(parseConfig({})._unsafeUnwrapErr().map((p) => p.variable)).toEqual(['DASHBOARD_AUTH_TOKEN']);
    expect(parseConfig({}, 'generated-token-for-this-store-000')._unsafeUnwrap().dashboard).toMatchObject({ tokenGenerated: true });
    expect(parseConfig({ SEND_MODE: 'live', SEND_CHANNELS: 'instantly', INSTANTLY_API_KEY: 'k' }, 'generated-token-for-this-store-000')._unsafeUnwrapErr().map((p) => p.variable)).toEqual(['DASHBOARD_AUTH_TOKEN']);
  });

  it('trusts no proxy by default, and only explicit addresses or CIDRs in TRUST_PROXY', () => {
    expect(parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN })._unsafeUnwrap().http.trustProxy).toEqual([]);
    expect(parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN, TRUST_PROXY: '10.0.0.7, 10.0.0.0/8,fd00::/8' })._unsafeUnwrap().http.trustProxy).toEqual(['10.0.0.7', '10.0.0.0/8', 'fd00::/8']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'lb.internal', '10.0.0.1/8/8']) expect(problems({ TRUST_PROXY: bad })).toEqual(['TRUST_PROXY']);
  });

  it('accepts several comma-separated tokens for a rotation', () => {
    expect(parseConfig({ DASHBOARD_AUTH_TOKEN: `${TOKEN}, ${TOKEN}-next ` })._unsafeUnwrap().dashboard.tokens).toEqual([TOKEN, `${TOKEN}-next`]);
  });

  it('points the Redis backend at a cluster through REDIS_CLUSTER_NODES, or at REDIS_URL without it', () => {
    const cluster = parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN, STATE_BACKEND: 'redis', REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b.internal:7001 ' })._unsafeUnwrap();
    expect(cluster.state.redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b.internal', port: 7001 },
    ]);
    expect(redisConnection(cluster)).toEqual({ cluster: { nodes: [{ host: '10.0.0.1', port: 7000 }, { host: 'redis-b.internal', port: 7001 }] } });
    const single = parseConfig({ DASHBOARD_AUTH_TOKEN: TOKEN, STATE_BACKEND: 'redis', REDIS_URL: 'redis://10.0.0.9:6380' })._unsafeUnwrap();
    expect(single.state.redisClusterNodes).toEqual([]);
    expect(redisConnection(single)).toEqual({ url: 'redis://10.0.0.9:6380' });
  });

  it('prints every problem with its variable, and never a value', () => {
    const text = describeConfigProblems(parseConfig({ DASHBOARD_AUTH_TOKEN: 'short-secret', SEND_TIMEZONE: 'X' })._unsafeUnwrapErr());
    expect(text).toContain('DASHBOARD_AUTH_TOKEN:');
    expect(text).toContain('SEND_TIMEZONE:');
    expect(text).not.toContain('short-secret');
  });
});
