import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import { z } from "zod";
import { requireScope } from "../auth/authenticate.js";
import type { Principal } from "../auth/principal.js";
import type { Scope } from "../auth/scopes.js";
import { parseWith, validationProblem } from "../problem.js";
import type { ResponseHeaders } from "./headers.js";
import { SharedBytes } from "../shared-bytes.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type ObjectSchema = z.ZodObject<z.ZodRawShape>;
type EmptyObject = z.ZodObject<Record<never, z.ZodType>>;

/** GPT Actions refuse operation and parameter descriptions longer than this. */
export const DESCRIPTION_LIMIT = 300;

/** What the OpenAPI document says about one operation: a route's description without its handler. */
export interface OperationDescription {
  method: HttpMethod;
  /** The OpenAPI path template, `/api/v1/questions/{id}`; the fastify route gets `:id`. */
  path: string;
  /** Unique across the document; letters and digits (GPT Actions name functions after it). */
  operationId: string;
  summary: string;
  /** At most 300 characters. */
  description: string;
  tags: string[];
  /** The scope the credential must carry; null: any valid credential. */
  scope: Scope | null;
  /** No credential at all (health, the document itself). */
  public?: boolean;
  /** Only an API key is taken (the token exchange), so the document offers no OAuth alternative. */
  apiKeyOnly?: boolean;
  params?: ObjectSchema;
  query?: ObjectSchema;
  /** Header parameters, keyed by the header's lower-case name (`idempotency-key`). */
  headers?: ObjectSchema;
  body?: z.ZodType;
  /** Without one, the route answers 204 with no body. */
  response?: z.ZodType;
  /** The success status: 200 reads, 201 writes that create or append. */
  status?: 200 | 201 | 204;
  responseDescription?: string;
  /** Other success statuses the handler may pick with withStatus() (a replayed write's 200), same body schema. */
  otherStatuses?: Partial<Record<200 | 201 | 202 | 204, string>>;
  /** Problem statuses beyond the ones every route of this shape can answer (400, 401, 403, 404 with path params, 413 with a body, 429). */
  problems?: number[];
  /** Headers some responses carry beyond X-Request-Id, the rate limit and a status's own (WWW-Authenticate on 401), by status. */
  responseHeaders?: Partial<Record<number, ResponseHeaders>>;
  /** For parameters whose schema carries no description of its own. */
  parameterDescriptions?: Record<string, string>;
}

export interface RouteInput<P, Q, H, B> {
  params: P;
  query: Q;
  headers: H;
  body: B;
  /** null only on public routes. */
  principal: Principal | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDescription<
  P extends ObjectSchema,
  Q extends ObjectSchema,
  H extends ObjectSchema,
  B extends z.ZodType,
  R extends z.ZodType,
> extends OperationDescription {
  params?: P;
  query?: Q;
  headers?: H;
  body?: B;
  response?: R;
  /** More fastify hooks for this route (an audit onSend); the scope check runs first. */
  hooks?: Pick<RouteShorthandOptions, "onRequest" | "preHandler" | "onSend" | "onResponse">;
  handler(
    input: RouteInput<z.output<P>, z.output<Q>, z.output<H>, z.output<B>>,
  ): Promise<z.input<R> | WithStatus<z.input<R>>> | z.input<R> | WithStatus<z.input<R>>;
}

/** A handler's answer with a success status other than the route's own (one of otherStatuses). */
export class WithStatus<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

export const withStatus = <T>(status: number, body: T) => new WithStatus(status, body);

declare module "fastify" {
  interface FastifyContextConfig {
    /** Set by describeRoute: the route's entry in /openapi.json. */
    openapi?: OperationDescription;
  }
}

export const toFastifyPath = (template: string) => template.replace(/\{([A-Za-z0-9_]+)\}/g, ":$1");
export const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** Mistakes in a description fail at startup, not in a client's hands. */
export function checkOperation(operation: OperationDescription): void {
  const where = `${operation.method} ${operation.path}`;
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(operation.operationId)) throw new Error(`${where}: operationId "${operation.operationId}" must be letters and digits`);
  if (!operation.summary.trim()) throw new Error(`${where}: needs a summary`);
  if (operation.public && operation.scope !== null) throw new Error(`${where}: a public route cannot require the scope ${operation.scope}`);
  const headers = Object.values(operation.responseHeaders ?? {}).flatMap((byName) =>
    Object.entries(byName ?? {}).map(([name, header]) => [`${name} header`, header.description]),
  );
  const long = [["description", operation.description], ...Object.entries(operation.parameterDescriptions ?? {}), ...headers].find(
    ([, text]) => text!.length > DESCRIPTION_LIMIT,
  );
  if (long) throw new Error(`${where}: the ${long[0]} description has ${long[1]!.length} characters; GPT Actions allow ${DESCRIPTION_LIMIT}`);
  const templated = [...operation.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!).sort();
  const declared = Object.keys(operation.params?.shape ?? {}).sort();
  if (templated.join() !== declared.join())
    throw new Error(`${where}: path parameters {${templated.join(", ")}} differ from the params schema's (${declared.join(", ")})`);
}

/** What fastify sends a serialized object as. */
const JSON_TYPE = "application/json; charset=utf-8";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Query strings and headers are text: numbers and booleans are turned into values where the schema
 * (its JSON Schema, as documented) says so, and anything else is left for the schema to refuse by name.
 */
export function textCoercion(schema: ObjectSchema): (raw: Record<string, unknown>) => Record<string, unknown> {
  const properties = (z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }).properties ?? {}) as Record<string, { type?: string | string[] }>;
  const kinds = new Map(
    Object.entries(properties).map(([name, property]) => {
      const types = ([] as string[]).concat(property.type ?? []);
      return [name, types.includes("boolean") ? "boolean" : types.includes("number") || types.includes("integer") ? "number" : "text"] as const;
    }),
  );
  return (raw) =>
    Object.fromEntries(
      Object.entries(raw).map(([name, value]) => {
        if (typeof value !== "string") return [name, value];
        const kind = kinds.get(name);
        if (kind === "number" && NUMBER.test(value)) return [name, Number(value)];
        if (kind === "boolean" && (value === "true" || value === "false")) return [name, value === "true"];
        return [name, value];
      }),
    );
}

/** Parses a query string's values with the schema, numbers and booleans read from their text as the document states them. */
export function queryReader<S extends ObjectSchema>(schema: S): (raw: unknown) => z.output<S> {
  const coerce = textCoercion(schema);
  return (raw) => parseWith(schema, coerce({ ...(raw as Record<string, unknown>) }), "query");
}

/**
 * Registers a fastify route and, through its config, its entry in /openapi.json: params, query,
 * headers and body are parsed with their zod schemas (400 naming each field), the handler's result
 * is checked against the response schema and sent with the success status.
 *
 *   describeRoute(app, { method: "GET", path: "/v1/projects/{projectId}", operationId: "getProject",
 *     summary, description, tags: ["Projects"], scope: "project:read", params, response,
 *     handler: ({ params, principal }) => ... });
 *
 * Register it after installOpenApi(app), which collects every route for the document.
 */
export function describeRoute<
  P extends ObjectSchema = EmptyObject,
  Q extends ObjectSchema = EmptyObject,
  H extends ObjectSchema = EmptyObject,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodUndefined,
>(app: FastifyInstance, route: RouteDescription<P, Q, H, B, R>): void {
  const { handler, hooks, ...operation } = route;
  checkOperation(operation);
  const coerceQuery = route.query ? textCoercion(route.query) : null;
  // A query whose fields are all optional without defaults parses an empty query to {}: requests with none skip the parse.
  const emptyQueryParsed = route.query ? emptyParse(route.query) : false;
  const coerceHeaders = route.headers ? textCoercion(route.headers) : null;
  const status = operation.status ?? (route.response ? 200 : 204);
  const onRequest = [...(route.scope ? [requireScope(route.scope)] : []), ...([] as unknown[]).concat(hooks?.onRequest ?? [])];
  // A frozen answer (one a tool shares between calls) cannot change: it is checked and serialized once,
  // to bytes (compressed once per encoding asked for), so fastify neither measures nor encodes the text again.
  const sharedBytes = new WeakMap<object, SharedBytes>();
  /**
   * Sends what the handler answered: checked against the response schema, a shared answer as bytes
   * made once. Returns the value for fastify to send, or the reply once sent here (fastify waits on it).
   */
  const respond = (request: FastifyRequest, reply: FastifyReply, answer: unknown): unknown => {
    if (reply.sent) return reply;
    const code = answer instanceof WithStatus ? answer.status : status;
    const result: unknown = answer instanceof WithStatus ? answer.body : answer;
    if (code !== status && !(code in (operation.otherStatuses ?? {})))
      throw new Error(`${operation.operationId} answered ${code}, which its description does not list`);
    reply.code(code);
    if (!route.response || code === 204) return reply.send();
    const shared = typeof result === "object" && result !== null && Object.isFrozen(result) ? result : null;
    const kept = shared && sharedBytes.get(shared);
    if (kept) return kept.send(request, reply, JSON_TYPE);
    const checked = route.response.safeParse(result);
    // As MCP checks structuredContent against the output schema: a mismatch is this server's bug.
    if (!checked.success) throw new Error(`${operation.operationId} answered outside its response schema: ${z.prettifyError(checked.error)}`);
    if (!shared) return checked.data;
    const bytes = new SharedBytes(Buffer.from(JSON.stringify(checked.data)));
    sharedBytes.set(shared, bytes);
    return bytes.send(request, reply, JSON_TYPE);
  };
  app.route({
    method: route.method,
    url: toFastifyPath(route.path),
    config: { public: route.public === true, openapi: operation },
    ...hooks,
    ...(onRequest.length ? { onRequest: onRequest as RouteShorthandOptions["onRequest"] } : {}),
    handler: (request, reply) => {
      const params = route.params ? parseWith(route.params, request.params, "params") : {};
      const query =
        route.query && coerceQuery && !(emptyQueryParsed && !request.url.includes("?"))
          ? parseWith(route.query, coerceQuery({ ...(request.query as object) }), "query")
          : {};
      const headers = route.headers && coerceHeaders ? parseHeaders(route.headers, coerceHeaders(pickHeaders(request, route.headers))) : {};
      const body = route.body ? parseWith(route.body, request.body, "body") : undefined;
      const answer: unknown = handler({ params, query, headers, body, principal: request.principal, request, reply } as RouteInput<
        z.output<P>,
        z.output<Q>,
        z.output<H>,
        z.output<B>
      >);
      // An answer known at once is sent at once; fastify sends what is returned, or what the promise gives.
      return answer instanceof Promise ? answer.then((settled: unknown) => respond(request, reply, settled)) : respond(request, reply, answer);
    },
  });
}

/** Whether the schema accepts an empty object and answers {} for it, so an empty query needs no parse. */
function emptyParse(schema: ObjectSchema): boolean {
  const parsed = schema.safeParse({});
  return parsed.success && Object.keys(parsed.data).length === 0;
}

function parseHeaders<S extends ObjectSchema>(schema: S, value: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationProblem(result.error.issues.map((issue) => ({ field: issue.path.join(".") || "headers", rule: issue.message })));
}

/** Only the declared headers reach the schema: every request carries many others. */
function pickHeaders(request: FastifyRequest, schema: ObjectSchema): Record<string, unknown> {
  return Object.fromEntries(Object.keys(schema.shape).flatMap((name) => (request.headers[name] === undefined ? [] : [[name, request.headers[name]]])));
}
