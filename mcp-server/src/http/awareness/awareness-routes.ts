import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AwarenessStore, DeleteResult, PutResult, WriteAudit } from "../../awareness/awareness-store.js";
import {
  awarenessIdSchema,
  changesQuery,
  deleteInput,
  projectListQuery,
  projectPutInput,
  sessionListQuery,
  sessionPutInput,
  type AwarenessEntity,
  type Change,
  type ChangesPage,
} from "../../contracts/awareness.js";
import { requireScope } from "../auth/authenticate.js";
import { principalOf, type Principal } from "../auth/principal.js";
import type { Scope } from "../auth/scopes.js";
import type { Metrics } from "../metrics.js";
import { queryReader } from "../openapi/index.js";
import { parseWith, ProblemError, validationProblem } from "../problem.js";
import { auditedWrite, auditLogRoute, auditWrites } from "./audit.js";
import { documentAwarenessRoutes } from "./openapi.js";
import { answerWrite, AWARENESS_PROBLEMS, deleteOutcome, notFoundDetail, putOutcome, WRITE_STATUS, type WriteDependencies } from "./write-outcome.js";

export interface AwarenessRouteOptions {
  store: AwarenessStore;
  metrics: Metrics;
}

/** What a caller may see of the change feed: projects with project:read, sessions only with session:sync too. */
export function canSee(principal: Principal, change: Change): boolean {
  return change.entity === "project" || principal.scopes.includes("session:sync");
}

const JSON_TYPE = "application/json; charset=utf-8";

/** The JSON of views the store shares (frozen), written once per view rather than once per request. */
const sharedJson = new WeakMap<object, string>();
function jsonOf(view: unknown): string {
  if (view === null || typeof view !== "object" || !Object.isFrozen(view)) return JSON.stringify(view);
  let json = sharedJson.get(view);
  if (json === undefined) {
    json = JSON.stringify(view);
    sharedJson.set(view, json);
  }
  return json;
}

const readProjectListQuery = queryReader(projectListQuery);
const readSessionListQuery = queryReader(sessionListQuery);
const readChangesQuery = queryReader(changesQuery);
const activeSince = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

interface EntityRoutes<Input> {
  entity: AwarenessEntity;
  path: string;
  idParam: string;
  read: Scope;
  write: Scope;
  /** Validates a PUT body: before any idempotency claim, so bad input stores nothing. */
  parse(body: unknown): Input;
  put(userId: string, id: string, input: Input, audit: WriteAudit): Promise<PutResult<unknown>>;
  get(userId: string, id: string): Promise<unknown>;
  remove(userId: string, id: string, clock: string | undefined, audit: WriteAudit): Promise<DeleteResult>;
}

/** PUT, GET and DELETE of one entity under its path, each write idempotent by key and audited (an applied one in its own commit). */
function entityRoutes<Input>(app: FastifyInstance, deps: WriteDependencies, spec: EntityRoutes<Input>): void {
  const params = z.strictObject({ [spec.idParam]: awarenessIdSchema(`the ${spec.entity}'s id`) });
  const idOf = (request: FastifyRequest) => parseWith(params, request.params, "params")[spec.idParam] as string;
  const write = { onRequest: requireScope(spec.write), onSend: auditWrites(spec.entity, spec.idParam, deps.store, deps.metrics) };
  const committed = (clock: string | null) => {
    if (clock !== null) deps.metrics.syncEvents.inc({ event: "committed" });
  };

  app.put(`${spec.path}/:${spec.idParam}`, write, async (request, reply) => {
    const id = idOf(request);
    const input = spec.parse(request.body);
    const { userId } = principalOf(request);
    return answerWrite(request, reply, deps, async () => {
      const result = await auditedWrite(request, spec.entity, id, WRITE_STATUS.put, (audit) => spec.put(userId, id, input, audit));
      committed(result.clock);
      return putOutcome(request, spec.entity, id, result);
    });
  });

  app.get(`${spec.path}/:${spec.idParam}`, { onRequest: requireScope(spec.read) }, async (request, reply) => {
    const id = idOf(request);
    const found = await spec.get(principalOf(request).userId, id);
    if (found === null) throw new ProblemError(404, notFoundDetail(spec.entity, id), { type: AWARENESS_PROBLEMS.notFound, title: "Not Found" });
    return reply.type(JSON_TYPE).send(jsonOf(found));
  });

  app.delete(`${spec.path}/:${spec.idParam}`, write, async (request, reply) => {
    const id = idOf(request);
    const { clock } = parseWith(deleteInput, request.body);
    const { userId } = principalOf(request);
    return answerWrite(request, reply, deps, async () => {
      const result = await auditedWrite(request, spec.entity, id, WRITE_STATUS.delete, (audit) => spec.remove(userId, id, clock, audit));
      committed(result.clock);
      return deleteOutcome(request, spec.entity, id, result);
    });
  });
}

/**
 * /v1/projects and /v1/sessions (PUT, GET, DELETE by id, and lists with filters), /v1/changes for
 * clients without a WebSocket, and /v1/audit-log. Everything is the caller's own: the user id
 * comes from the credential, so another user's records are simply not there (404).
 */
export function awarenessRoutes(app: FastifyInstance, options: AwarenessRouteOptions): void {
  const { store } = options;
  documentAwarenessRoutes(app);

  entityRoutes(app, options, {
    entity: "project",
    path: "/v1/projects",
    idParam: "project_id",
    read: "project:read",
    write: "project:write",
    parse: (body) => parseWith(projectPutInput, body),
    put: (userId, id, input, audit) => store.putProject(userId, id, input, audit),
    get: (userId, id) => store.getProject(userId, id),
    remove: (userId, id, clock, audit) => store.deleteProject(userId, id, clock, audit),
  });

  entityRoutes(app, options, {
    entity: "session",
    path: "/v1/sessions",
    idParam: "session_id",
    read: "session:sync",
    write: "session:sync",
    parse(body) {
      if (body !== null && typeof body === "object" && "user_id" in body) {
        throw validationProblem([{ field: "user_id", rule: "must not be sent: a session belongs to the user of the credential" }]);
      }
      return parseWith(sessionPutInput, body);
    },
    put: (userId, id, input, audit) => store.putSession(userId, id, input, audit),
    get: (userId, id) => store.getSession(userId, id),
    remove: (userId, id, clock, audit) => store.deleteSession(userId, id, clock, audit),
  });

  app.get("/v1/projects", { onRequest: requireScope("project:read") }, async (request) => {
    const query = readProjectListQuery(request.query);
    const projects = await store.listProjects(principalOf(request).userId, {
      platform: query.platform,
      activeSince: activeSince(query.active_since),
      limit: query.limit,
    });
    return { projects };
  });

  app.get("/v1/sessions", { onRequest: requireScope("session:sync") }, async (request) => {
    const query = readSessionListQuery(request.query);
    const sessions = await store.listSessions(principalOf(request).userId, {
      platform: query.platform,
      activeProject: query.active_project,
      activeSince: activeSince(query.active_since),
      limit: query.limit,
    });
    return { sessions };
  });

  /** The feed /v1/sync pushes, by page: per entity its latest change after `since`, in clock order, or a snapshot; ask again from next_since. */
  app.get("/v1/changes", { onRequest: requireScope("project:read") }, async (request): Promise<ChangesPage> => {
    const query = readChangesQuery(request.query);
    const principal = principalOf(request);
    const page = await store.changesSince(principal.userId, query.since ?? null, query.limit, { continueSnapshot: query.snapshot === "continue" });
    return {
      changes: page.changes.filter((change) => canSee(principal, change)),
      has_more: page.hasMore,
      next_since: page.nextSince,
      snapshot: page.snapshot,
    };
  });

  auditLogRoute(app, store);
}
