import type { Histogram } from "prom-client";
import { requestLine, type RequestLineFields } from "./request-line.js";

/** How long a completed request may wait to be logged and counted with the ones after it. */
const DRAIN_MS = 10;

interface Completed {
  fields: RequestLineFields;
  /** When it completed, for its line's time. */
  at: number;
}

/** Where a batch of request lines goes, as UTF-8 bytes. */
export interface LineSink {
  write(lines: Buffer): void;
  flushSync?(): void;
}

export interface CompletedRequestsOptions {
  /** Whether request lines are written: the log level is info or debug. */
  lines: boolean;
  stream: LineSink;
  /** The time field of a line for an instant, as the logger's timestamp function makes it. */
  time: (ms: number) => string;
  durations: Histogram<"method" | "route" | "status">;
}

const unflushed = new Set<CompletedRequests>();
let exitHooked = false;

/**
 * Each request's log line and duration metric. A completed request is kept as a plain record, and
 * every few milliseconds the records become lines and observations in one loop: done one request at
 * a time, between requests, that work cost a busy read several times what it costs in a batch.
 * `/metrics` drains first, so a scrape counts every request completed before it.
 */
export class CompletedRequests {
  private pending: Completed[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: CompletedRequestsOptions) {
    unflushed.add(this);
    if (!exitHooked) {
      exitHooked = true;
      // Whatever completed is still logged when the process exits, before the stream's last flush.
      process.once("exit", () => {
        for (const completed of unflushed) completed.drain();
        for (const completed of unflushed) completed.options.stream.flushSync?.();
      });
    }
  }

  add(fields: RequestLineFields, at = Date.now()): void {
    this.pending.push({ fields, at });
    if (this.timer === null) this.timer = setTimeout(this.drain, DRAIN_MS).unref();
  }

  /** Counted at once, for a request whose line is written elsewhere (a failure, logged with its error). */
  observe(fields: RequestLineFields): void {
    this.options.durations.observe({ method: fields.method, route: fields.route ?? "unmatched", status: String(fields.status) }, fields.ms / 1000);
  }

  readonly drain = (): void => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) return;
    const pending = this.pending;
    this.pending = [];
    const lines: string[] = [];
    for (const { fields, at } of pending) {
      this.observe(fields);
      if (!this.options.lines) continue;
      lines.push(requestLine(fields, this.options.time(at)));
    }
    // One string encoded once: encoding each line into a shared buffer cost three times as much.
    if (lines.length) this.options.stream.write(Buffer.from(lines.join("")));
  };

  /** Stops keeping it for the exit flush, once its app has closed. */
  close(): void {
    this.drain();
    unflushed.delete(this);
  }
}
