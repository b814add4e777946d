import { performance } from "node:perf_hooks";
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type onResponseHookHandler } from "fastify";
import type { CompletedRequests } from "./completed-requests.js";
import type { RequestLineFields } from "./request-line.js";

declare module "fastify" {
  interface FastifyRequest {
    /** `performance.now()` when the request's first hook ran: the start of its duration. */
    startedAt: number;
    /** Whether its request line is written; a line is written once, whichever hook comes first. */
    lineWritten: boolean;
  }
  interface FastifyInstance {
    requestLines: RequestLines;
  }
}

/**
 * One line per request, with the request id under requestId, and its duration counted. Fastify's
 * own logger is off, as with one it adds listeners to every response; the line is written as the
 * response is sent instead. Fastify's other messages go to the request's logger (requestLogger).
 */
export class RequestLines extends LogController {
  constructor(private readonly completed: CompletedRequests) {
    super({ requestIdLogLabel: "requestId" });
  }

  /** Writes the request's line and counts its duration, once: 5xx at error level, at once; the rest in the next batch. */
  write(request: FastifyRequest, reply: FastifyReply): void {
    if (request.lineWritten) return;
    request.lineWritten = true;
    const fields: RequestLineFields = {
      requestId: request.id,
      method: request.method,
      url: request.url,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      ms: Math.round((performance.now() - request.startedAt) * 100) / 100,
    };
    if (request.principal) {
      fields.userId = request.principal.userId;
      fields.credentialId = request.principal.credentialId;
    }
    if (reply.statusCode >= 500) {
      this.completed.observe(fields);
      const { requestId: _, ...rest } = fields;
      request.log.error(rest, "request");
    } else {
      this.completed.add(fields);
    }
  }

  override incomingRequest(): void {}

  /** Fastify calls this only for routes with onResponse hooks, whose lines write() has written: what is left to say is a failed response. */
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ status: reply.statusCode, err: error }, "the response failed");
  }

  /** Only when the app's own error handler throws. */
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) reply.log.error({ err: error }, "request failed");
    else reply.log.info({ status: reply.statusCode, err: error }, error.message);
  }

  override streamError(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
    if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") reply.log.info({}, "the response stream closed early");
    else reply.log.warn({ err: error }, "the response stream failed after its headers were sent");
  }

  /** The request line says 404; the app's own not-found handler answers. */
  override routeNotFound(): void {}

  override writeHeadError(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ err: error }, error.message);
  }

  override serializerError(error: Error, _request: FastifyRequest, reply: FastifyReply, metadata: { statusCode: number }): void {
    reply.log.error({ err: error, status: metadata.statusCode }, "serialising the response failed");
  }

  /** A request arriving after shutdown began, answered 503 before any hook ran. */
  override serviceUnavailable(logger: FastifyBaseLogger): void {
    logger.info({ status: 503 }, "refused a request: the server is shutting down");
  }
}

/** Request lines for every route: written as each response is sent, which is every reply but a hijacked one. */
export function installRequestLines(app: FastifyInstance, lines: RequestLines): void {
  app.decorate("requestLines", lines);
  app.decorateRequest("startedAt", 0);
  app.decorateRequest("lineWritten", false);
  app.addHook("onSend", (request, reply, payload, done) => {
    lines.write(request, reply);
    done(null, payload);
  });
}

/** A route whose handler hijacks the reply (another library writes the response) gets its line when the response finishes. */
export const lineWhenFinished: onResponseHookHandler = function (request, reply, done) {
  this.requestLines.write(request, reply);
  done();
};
