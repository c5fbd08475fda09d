import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse-config.js';

const base = { DASHBOARD_AUTH_TOKEN: 'a-dashboard-token-of-enough-length-0123' };

describe('NOTIFY_* configuration', () => {
  it('is off without a URL, and takes the URL, interval and threshold', () => {
    expect(parseConfig(base)._unsafeUnwrap().notify).toEqual({ intervalMs: 30_000, authFailureThreshold: 10 });
    expect(parseConfig({ ...base, NOTIFY_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', NOTIFY_INTERVAL_SECONDS: '5', NOTIFY_AUTH_FAILURE_THRESHOLD: '3' })._unsafeUnwrap().notify).toEqual({
      url: 'https://hooks.slack.com/services/T/B/x',
      intervalMs: 5_000,
      authFailureThreshold: 3,
    });
  });

  it('refuses to start on a URL that is not http(s), naming the variable', () => {
    for (const value of ['hooks.slack.com/x', 'ftp://example.com/hook']) {
      const problems = parseConfig({ ...base, NOTIFY_WEBHOOK_URL: value })._unsafeUnwrapErr();
      expect(problems.map((p) => p.variable)).toContain('NOTIFY_WEBHOOK_URL');
    }
    expect(parseConfig({ ...base, NOTIFY_AUTH_FAILURE_THRESHOLD: '0' })._unsafeUnwrapErr().map((p) => p.variable)).toContain('NOTIFY_AUTH_FAILURE_THRESHOLD');
  });
});
