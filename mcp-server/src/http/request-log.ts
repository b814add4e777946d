import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from "fastify";
import type { Bindings, ChildLoggerOptions } from "pino";
import type { CompletedRequests } from "./completed-requests.js";

type Method = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * The logger fastify gives each request: pino's child carrying the request id, made only when
 * something logs through it. Most requests log nothing but their request line, and making a pino
 * child for each was a large part of a cheap route's cost.
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

/** Fastify's childLoggerFactory: a request's logger, the pino child made on first use. */
export function requestLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  // The class has every method fastify checks for; pino's overloaded signatures are not restated.
  return new RequestLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
}

/** What one request line says. */
export interface RequestLineFields {
  requestId: string;
  method: string;
  url: string;
  route: string | null;
  status: number;
  ms: number;
  userId?: string;
  credentialId?: string;
}

/** Text JSON needs no escapes for: printable ASCII without quote or backslash. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Quoted forms of the values lines repeat (methods, paths, routes, callers); bounded in number and length, as a URL can be anything. */
const quotedValues = new Map<string, string>();
const QUOTED_KEPT = 256;
const QUOTED_LONGEST = 512;

/** A string as JSON, as JSON.stringify writes it: a call for each of a line's fields was most of the line's cost. */
function quoted(value: string): string {
  let text = quotedValues.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (value.length > QUOTED_LONGEST) return text;
    if (quotedValues.size >= QUOTED_KEPT) quotedValues.clear();
    quotedValues.set(value, text);
  }
  return text;
}

/**
 * The line pino writes for `child({ requestId }).info(fields, "request")` under the server's
 * formatters, written directly: serialising it through pino cost a busy read as much as its handler.
 * `time` is the time field as the logger's timestamp function makes it.
 */
export function requestLine(fields: RequestLineFields, time: string): string {
  const who = fields.userId === undefined ? "" : `,"userId":${quoted(fields.userId)},"credentialId":${quoted(fields.credentialId!)}`;
  // Request ids differ every time, so they are not kept; they are tokens or UUIDs, which need no escapes.
  const requestId = PLAIN.test(fields.requestId) ? `"${fields.requestId}"` : JSON.stringify(fields.requestId);
  return (
    `{"level":"info"${time},"requestId":${requestId},"method":${quoted(fields.method)},"url":${quoted(fields.url)},` +
    `"route":${fields.route === null ? "null" : quoted(fields.route)},"status":${fields.status},"ms":${fields.ms}${who},"msg":"request"}\n`
  );
}

/** One line per request when it ends (none when it starts), with the request id under requestId, and its duration counted. */
export class RequestLines extends LogController {
  constructor(private readonly completed: CompletedRequests) {
    super({ requestIdLogLabel: "requestId" });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields: RequestLineFields = {
      requestId: request.id,
      method: request.method,
      url: request.url,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (request.principal) {
      fields.userId = request.principal.userId;
      fields.credentialId = request.principal.credentialId;
    }
    if (error || reply.statusCode >= 500) {
      // Rare, and the error needs pino's serialiser.
      this.completed.observe(fields);
      const { requestId: _, ...rest } = fields;
      reply.log.error(error ? { ...rest, err: error } : rest, "request");
    } else {
      this.completed.add(fields);
    }
  }
}
