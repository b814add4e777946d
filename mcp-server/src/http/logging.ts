import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import { destination, pino, stdSerializers, type DestinationStream, type LoggerOptions } from "pino";
import type { Level, Logger } from "../log.js";
import type { Histogram } from "prom-client";
import { CompletedRequests, type LineSink } from "./completed-requests.js";

/** A caller's id is kept when it is a sane token, so it cannot forge log structure or grow without bound. */
const REQUEST_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** 48 random bits per process: ids from several instances behind one balancer do not collide. */
const ID_PREFIX = randomBytes(6).toString("base64url");
let issued = 0;

/** The caller's x-request-id when valid, else this process's prefix and a counter: an id needs to be unique, not random. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : `${ID_PREFIX}-${(++issued).toString(36)}`;
}

let stderrLines: BatchedLines | null = null;
const STDERR_BUFFER_BYTES = 16 * 1024 * 1024;

type Destination = ReturnType<typeof destination>;

/** How long a logged line may wait to be written with the ones after it, and how much is written at once without waiting. */
const BATCH_MS = 10;
// Each write costs a thread-pool round trip (tens of µs on a small VM): a busy server's 10 ms of lines go out in one.
const BATCH_BYTES = 64 * 1024;

/**
 * Lines go to the destination in batches, at most BATCH_MS after the first of them: each write
 * passes through libuv's thread pool and back, which cost a busy server more than the line itself.
 * Pino's lines arrive as text, request lines as bytes already (CompletedRequests); both go out as bytes.
 */
class BatchedLines implements DestinationStream, LineSink {
  private pending: Buffer[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly destination: Destination) {
    process.once("exit", () => this.flushSync());
  }

  /** Writes whatever is pending now, blocking: for the process's last moments. */
  flushSync(): void {
    this.handOver();
    try {
      this.destination.flushSync();
    } catch {
      // Closed or never opened: nothing can be written any more.
    }
  }

  write(lines: string | Buffer): void {
    const bytes = typeof lines === "string" ? Buffer.from(lines) : lines;
    this.pending.push(bytes);
    this.bytes += bytes.length;
    if (this.bytes >= BATCH_BYTES) this.handOver();
    else if (this.timer === null) this.timer = setTimeout(this.handOver, BATCH_MS).unref();
  }

  private readonly handOver = (): void => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) return;
    const lines = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.bytes);
    this.pending = [];
    this.bytes = 0;
    // In "buffer" content mode SonicBoom takes bytes, though its types name only strings.
    this.destination.write(lines as unknown as string);
  };
}

/**
 * Stderr written asynchronously: a synchronous write per request line cost as much as the rest of a
 * public route. Lines are handed over in batches, and written on exit whatever is pending.
 */
function stderrDestination(): BatchedLines {
  // Bounded: if whatever reads stderr stalls, lines are dropped rather than memory growing without end.
  stderrLines ??= new BatchedLines(destination({ dest: process.stderr.fd, sync: false, maxLength: STDERR_BUFFER_BYTES, contentMode: "buffer" }));
  return stderrLines;
}

/** The time field of a log line; lines in the same millisecond share one string. */
let lastTime = { ms: 0, field: "" };
function timeField(ms = Date.now()): string {
  if (ms !== lastTime.ms) lastTime = { ms, field: `,"time":"${new Date(ms).toISOString()}"` };
  return lastTime.field;
}

/** Pino's options for JSON lines as stdio mode writes them (time, level name, msg). */
export function loggerOptions(level: Level): LoggerOptions {
  return {
    level,
    base: undefined,
    timestamp: timeField,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: stdSerializers.err },
  };
}

/**
 * The server's logger, writing to stderr: it is `app.log`, and each request's logger is its child
 * (requestLogger). Fastify's own logger stays off: with one, fastify adds listeners to every
 * response, which with its child logger was about a sixth of a cheap route's cost; RequestLines
 * writes the request lines instead.
 */
export function serverLogger(level: Level): FastifyBaseLogger {
  return pino(loggerOptions(level), stderrDestination());
}

/** Request lines at this level, and request durations in this histogram, written to stderr beside the logger's lines. */
export function completedRequests(level: Level, durations: Histogram<"method" | "route" | "status">): CompletedRequests {
  return new CompletedRequests({ lines: level === "debug" || level === "info", stream: stderrDestination(), time: timeField, durations });
}

/** The tools' Logger interface over pino, so a tool's log lines carry the same fields as the request lines. */
export function coachLogger(pino: FastifyBaseLogger): Logger {
  return {
    debug: (msg, fields) => pino.debug(fields ?? {}, msg),
    info: (msg, fields) => pino.info(fields ?? {}, msg),
    warn: (msg, fields) => pino.warn(fields ?? {}, msg),
    error: (msg, fields) => pino.error(fields ?? {}, msg),
  };
}
