import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilent, LogFn, Logger as Pino } from 'pino';

/**
 * A request's logger that makes its pino child only when something is written. Fastify
 * makes a child bound to the request id for every request, and pino passes that binding
 * through the app's redaction (its wildcard paths apply to every top-level key): 3 to 5 µs
 * per request. Under load the level is `warn` and a request writes nothing, so most of
 * those children were never used. The child, when made, is the one Fastify would have
 * made (same bindings, same options), so a line written through it is unchanged.
 */
class LazyRequestLogger {
  private made: Pino | undefined;

  constructor(
    private readonly parent: Pino,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): Pino {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }

  /** Until the child exists it has its parent's level (a child without a level option inherits it). */
  get level(): LevelWithSilent {
    return (this.made ?? this.parent).level as LevelWithSilent;
  }

  set level(level: LevelWithSilent) {
    this.real.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return (this.made ?? this.parent).isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options) as FastifyBaseLogger;
  }

  private write(level: Level, args: Parameters<LogFn>): void {
    if (!this.isLevelEnabled(level)) return;
    const real = this.real;
    (real[level] as (...a: Parameters<LogFn>) => void).apply(real, args);
  }

  // Methods on the prototype, not arrow fields: nothing is allocated per request but the object.
  fatal(...args: Parameters<LogFn>): void {
    this.write('fatal', args);
  }
  error(...args: Parameters<LogFn>): void {
    this.write('error', args);
  }
  warn(...args: Parameters<LogFn>): void {
    this.write('warn', args);
  }
  info(...args: Parameters<LogFn>): void {
    this.write('info', args);
  }
  debug(...args: Parameters<LogFn>): void {
    this.write('debug', args);
  }
  trace(...args: Parameters<LogFn>): void {
    this.write('trace', args);
  }
  silent(): void {}
}

/**
 * Fastify's `childLoggerFactory`: a lazy child for every request, unless the route asks
 * for its own level or serializers (then the child is made at once, as Fastify would).
 */
export const lazyRequestLogger = (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger =>
  options.level !== undefined || options.serializers !== undefined
    ? logger.child(bindings, options)
    : (new LazyRequestLogger(logger as Pino, bindings, options) as unknown as FastifyBaseLogger);
