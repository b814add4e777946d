import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Bindings, ChildLoggerOptions } from "pino";

type Method = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * A request's logger (`request.log`): the server's pino child carrying the request id, made only
 * when something logs through it. Most requests log nothing but their request line, and making a
 * pino child for each was a large part of a cheap route's cost.
 */
class RequestLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.made?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  private log(method: Method, args: unknown[]): void {
    const logger = this.logger;
    (logger[method] as (...args: unknown[]) => void).apply(logger, args);
  }

  fatal(...args: unknown[]): void {
    this.log("fatal", args);
  }
  error(...args: unknown[]): void {
    this.log("error", args);
  }
  warn(...args: unknown[]): void {
    this.log("warn", args);
  }
  info(...args: unknown[]): void {
    this.log("info", args);
  }
  debug(...args: unknown[]): void {
    this.log("debug", args);
  }
  trace(...args: unknown[]): void {
    this.log("trace", args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

/**
 * Fastify's childLoggerFactory, called with the server as `this`: a child of the server's logger
 * (`app.log`), not of the logger fastify passes, which is its null logger as its own is off.
 */
export function requestLogger(this: FastifyInstance, _fastifys: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  // The class has every method fastify checks for; pino's overloaded signatures are not restated.
  return new RequestLogger(this.log, bindings, options) as unknown as FastifyBaseLogger;
}
