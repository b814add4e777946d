import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";

/** One broken rule of a request: which field, and what it must be. */
export interface FieldError {
  field: string;
  rule: string;
}

/** An RFC 9457 problem body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Extension member: the x-request-id of the failed request, as in the logs. */
  requestId?: string;
  errors?: FieldError[];
}

/** Problem types a client may branch on; anything else is about:blank with the status's own title. */
export const PROBLEM_TYPES = {
  validation: "urn:interview-coach:problem:validation",
  unauthorized: "urn:interview-coach:problem:unauthorized",
  insufficientScope: "urn:interview-coach:problem:insufficient-scope",
  forbiddenOrigin: "urn:interview-coach:problem:forbidden-origin",
  rateLimited: "urn:interview-coach:problem:rate-limited",
  bodyTooLarge: "urn:interview-coach:problem:body-too-large",
  unavailable: "urn:interview-coach:problem:unavailable",
} as const;

/**
 * Thrown anywhere in a route or hook; the one error handler turns it into application/problem+json
 * with these headers (WWW-Authenticate, Retry-After, ...).
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, options: { type?: string; title?: string; errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.name = "ProblemError";
    this.status = status;
    this.type = options.type ?? "about:blank";
    this.title = options.title ?? STATUS_CODES[status] ?? "Error";
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** 400 naming every field that broke a rule. */
export function validationProblem(errors: FieldError[], detail = "The request does not follow the rules below; nothing was changed."): ProblemError {
  return new ProblemError(400, detail, { type: PROBLEM_TYPES.validation, title: "Invalid request", errors });
}

/** Parses a body, query or params with the contract's zod schema, or throws a 400 naming the fields. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query" | "params" = "body"): z.output<S> {
  // No body at all reads as {}; a body that is there must be a JSON object (null, a number or a list is not).
  if (where === "body" && value !== undefined && (value === null || typeof value !== "object" || Array.isArray(value))) {
    throw validationProblem([{ field: "body", rule: "must be a JSON object" }]);
  }
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(value ?? {});
  } catch (error) {
    // JSON nested thousands of levels deep overflows the stack of a recursive schema before any rule can name it.
    if (error instanceof RangeError) throw validationProblem([{ field: where, rule: "must not nest thousands of levels deep" }]);
    throw error;
  }
  if (result.success) return result.data;
  throw validationProblem(result.error.issues.map((issue) => ({ field: issue.path.length ? issue.path.join(".") : where, rule: issue.message })));
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type("application/problem+json").send(problem);
}

/** Fastify's own errors (body too large, bad JSON, wrong media type) in the same shape. */
function fromFastifyError(error: FastifyError): ProblemError | null {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE")
    return new ProblemError(413, error.message, { type: PROBLEM_TYPES.bodyTooLarge, title: "Request body too large" });
  if (error.validation) {
    return validationProblem(
      error.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, "").replace(/\//g, ".") || String(error.validationContext ?? "body"),
        rule: v.message ?? "is invalid",
      })),
    );
  }
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new ProblemError(415, "The request body must be JSON; nothing was changed.", {
      type: PROBLEM_TYPES.validation,
      title: "Unsupported Media Type",
      errors: [{ field: "Content-Type", rule: "must be application/json" }],
    });
  }
  if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || error instanceof SyntaxError) {
    return validationProblem([{ field: "body", rule: `must be valid JSON (${error.message})` }], "The request body is not valid JSON; nothing was changed.");
  }
  const status = error.statusCode ?? 500;
  return status >= 400 && status < 500 ? new ProblemError(status, error.message) : null;
}

/** The longest path parameter routed: every id is at most 128 characters, three times that percent-encoded. */
export const MAX_PARAM_LENGTH = 512;

/**
 * Errors fastify meets before routing (a path parameter past MAX_PARAM_LENGTH, a malformed URL),
 * as problem bodies like every other failure.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? new ProblemError(414, `A path parameter is longer than ${MAX_PARAM_LENGTH} characters; ids are at most 128.`)
      : (fromFastifyError(error) ?? new ProblemError(400, error.message));
  void sendProblem(reply, { type: problem.type, title: problem.title, status: problem.status, detail: problem.message, requestId: request.id });
}

/** The app's one error handler: every failure leaves as a problem body; only 5xx are logged as errors. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ProblemError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = error instanceof ProblemError ? error : fromFastifyError(error);
    if (!problem) {
      request.log.error({ err: error }, "request failed");
      return sendProblem(reply, {
        type: "about:blank",
        title: "Internal Server Error",
        status: 500,
        detail: "The server failed to handle this request; it is logged under this request id.",
        requestId: request.id,
      });
    }
    return sendProblem(
      reply,
      {
        type: problem.type,
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        requestId: request.id,
        ...(problem.errors ? { errors: problem.errors } : {}),
      },
      problem.headers,
    );
  });
  // Every route's method and path pattern, so a known path asked with another method is a 405, not a 404.
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook("onRoute", (route) => {
    // A catch-all (CORS preflight answers OPTIONS anywhere) says nothing about which paths exist.
    if (route.url === "*" || route.url === "/*") return;
    for (const method of [route.method].flat()) routes.push({ method, pattern: routePattern(route.url) });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort();
    if (allowed.length && !allowed.includes(request.method)) {
      return sendProblem(
        reply,
        {
          type: "about:blank",
          title: "Method Not Allowed",
          status: 405,
          detail: `${request.method} is not answered at ${path}; it answers ${allowed.join(", ")}.`,
          requestId: request.id,
        },
        { allow: allowed.join(", ") },
      );
    }
    return sendProblem(reply, { type: "about:blank", title: "Not Found", status: 404, detail: `No route ${request.method} ${path}.`, requestId: request.id });
  });
}

/** A fastify path ("/api/v1/stories/:id", "/static/*") as a whole-path pattern. */
function routePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}
