import { describe, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { Logger as Pino } from 'pino';
import { createAppLogger } from '../src/composition/app-logger.js';
import { lazyRequestLogger } from '../src/http/lazy-request-logger.js';
import { captureLogs } from './support/test-app.js';

const SECRET = 'request-secret-0123456789';

const logger = (level: string) => {
  const { sink, lines } = captureLogs();
  const pino = createAppLogger({ level, secrets: [SECRET], destination: sink });
  return { pino, lines, child: vi.spyOn(pino, 'child') };
};
/** A line without its clock, to compare what two loggers wrote. */
const content = (line: string | undefined) => {
  const { time: _time, ...rest } = JSON.parse(line ?? '{}') as Record<string, unknown>;
  return rest;
};

describe('lazyRequestLogger', () => {
  it('makes no child for a request that writes nothing at the level in force', () => {
    const { pino, lines, child } = logger('warn');
    const log = lazyRequestLogger(pino as FastifyBaseLogger, { reqId: 'trace_1' }, {});
    log.info({ path: '/x' }, 'request');
    log.debug('detail');
    expect((log as unknown as Pino).isLevelEnabled('info')).toBe(false);
    expect(log.level).toBe('warn');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('writes, once a line is due, the line the eager child writes: bound to the request id, scrubbed', () => {
    const lazy = logger('info');
    const eager = logger('info');
    const log = lazyRequestLogger(lazy.pino as FastifyBaseLogger, { reqId: 'trace_2' }, {});
    log.warn({ token: SECRET, url: '/webhooks/x?secret=abc' }, 'first');
    log.info('second');
    const direct = eager.pino.child({ reqId: 'trace_2' }, {});
    direct.warn({ token: SECRET, url: '/webhooks/x?secret=abc' }, 'first');
    direct.info('second');
    expect(lazy.child).toHaveBeenCalledTimes(1);
    expect(lazy.lines.map(content)).toEqual(eager.lines.map(content));
    expect(content(lazy.lines[0])).toMatchObject({ reqId: 'trace_2', token: '[redacted]', url: '/webhooks/x', msg: 'first' });
  });

  it('follows a level set on it and hands out children bound to the request', () => {
    const { pino, lines } = logger('warn');
    const log = lazyRequestLogger(pino as FastifyBaseLogger, { reqId: 'trace_3' }, {});
    log.level = 'debug';
    log.debug('now written');
    log.child({ part: 'inner' }).warn('from a child');
    expect(lines.map(content)).toMatchObject([
      { reqId: 'trace_3', msg: 'now written' },
      { reqId: 'trace_3', part: 'inner', msg: 'from a child' },
    ]);
    expect(pino.level).toBe('warn');
  });

  it('makes the child at once when the route asks for its own level', () => {
    const { pino, lines, child } = logger('warn');
    const log = lazyRequestLogger(pino as FastifyBaseLogger, { reqId: 'trace_4' }, { level: 'info' });
    expect(child).toHaveBeenCalledTimes(1);
    log.info('route level');
    expect(content(lines[0])).toMatchObject({ reqId: 'trace_4', msg: 'route level' });
  });
});
