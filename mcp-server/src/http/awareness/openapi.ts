import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  awarenessIdSchema,
  changeSchema,
  changesPageSchema,
  changesQuery,
  deleteInput,
  idempotencyKeySchema,
  MAX_CONTEXT_CHARS,
  projectListQuery,
  projectPutInput,
  projectSchema,
  SESSION_FIELDS,
  sessionListQuery,
  sessionPutInput,
  sessionSchema,
  settingAField,
} from "../../contracts/awareness.js";
import { headerName, RETRY_AFTER, type OperationDescription, type ResponseHeaders } from "../openapi/index.js";
import { auditQuery } from "./audit.js";
import { AWARENESS_HEADERS } from "./write-outcome.js";

const TAG = "Awareness";
const projectParams = z.object({ project_id: awarenessIdSchema("the project's id").describe("The project's id, chosen by the client") });
const sessionParams = z.object({ session_id: awarenessIdSchema("the session's id").describe("The session's id, chosen by the client") });
const idempotencyHeader = z.object({
  "idempotency-key": idempotencyKeySchema
    .optional()
    .describe("Makes a retry safe: a repeat gets the first answer (Idempotent-Replayed: true) and changes nothing"),
});

const WRITE_PROBLEMS = [409, 422];

/** On a write's answer, and on its replay: the clocks travel in headers, as the body is the merged state. */
const WRITE_HEADERS: ResponseHeaders = {
  [headerName(AWARENESS_HEADERS.clock)]: {
    description: "The write's position in the user's change feed: change.clock in /v1/changes and /v1/sync. Absent when the write changed nothing",
    schema: { type: "string" },
  },
  [headerName(AWARENESS_HEADERS.writeClock)]: {
    description: "The clock the write was ordered by: the body's clock, or the server's when it sent none",
    schema: { type: "string" },
  },
  [headerName(AWARENESS_HEADERS.replayed)]: {
    description: "true when this is the first answer repeated for an Idempotency-Key seen before: nothing was done this time",
    schema: { type: "string", enum: ["true"] },
  },
};
/** PUT's 409 is a superseded write (with its clocks), or a request with the same Idempotency-Key still running (with Retry-After). */
const PUT_HEADERS = { 200: WRITE_HEADERS, 409: { ...WRITE_HEADERS, ...RETRY_AFTER } };
/** DELETE's 404 still records the delete, so it has clocks; its 409 is only a request with the same Idempotency-Key still running. */
const DELETE_HEADERS = { 204: WRITE_HEADERS, 404: WRITE_HEADERS, 409: RETRY_AFTER };

const PARAMETERS = {
  platform: "Only those on this platform: vscode, claude, chatgpt, copilot or other",
  active_project: "Only sessions whose active project has this id",
  limit: "At most this many, 1 to 1000",
};

/** z.json() is recursive, which a component schema cannot reference; the document says "a JSON object" and the routes check the rest. */
const contextDoc = z
  .record(z.string(), z.unknown())
  .describe(`Free-form JSON the platform keeps with its session: at most ${MAX_CONTEXT_CHARS} characters as JSON, nested at most 8 levels`);
const sessionPutDoc = settingAField(z.strictObject({ ...sessionPutInput.shape, context: contextDoc.optional() }), SESSION_FIELDS);
const sessionDoc = z.object({ ...sessionSchema.shape, context: contextDoc });
const [projectChange, sessionChange, deletedChange] = changeSchema.options;
const changeDoc = z.union([projectChange, sessionChange.extend({ state: sessionDoc }), deletedChange]);

const changesPage = changesPageSchema.extend({ changes: z.array(changeDoc).describe(changesPageSchema.shape.changes.description!) });
const auditLog = z.object({
  entries: z.array(
    z.object({
      at: z.string().describe("When, ISO 8601"),
      credential_id: z.string().describe("The API key behind the request"),
      action: z.string().describe("Method and path, e.g. PUT /v1/projects/acme"),
      target: z.string().nullable().describe("project:<id> or session:<id>"),
      request_id: z.string().describe("The request's x-request-id"),
      status: z.number().int().nullable().describe("The status the request was answered with"),
    }),
  ),
});

/** The awareness routes in /openapi.json; their handlers parse their own input, so they are documented here. */
export function documentAwarenessRoutes(app: FastifyInstance): void {
  const operations: OperationDescription[] = [
    {
      method: "PUT",
      path: "/v1/projects/{project_id}",
      operationId: "putProject",
      summary: "Create or update a project",
      description:
        "Sets the fields sent, each last-writer-wins by the body's clock (the server's when absent), and answers the merged project, its clocks in the Awareness-Clock headers. 409: a later delete supersedes this write.",
      tags: [TAG],
      scope: "project:write",
      params: projectParams,
      headers: idempotencyHeader,
      body: projectPutInput,
      response: projectSchema,
      responseDescription: "The project as merged.",
      problems: WRITE_PROBLEMS,
      responseHeaders: PUT_HEADERS,
    },
    {
      method: "GET",
      path: "/v1/projects/{project_id}",
      operationId: "getProject",
      summary: "Read a project",
      description: "The caller's project with this id, as merged from every platform's writes.",
      tags: [TAG],
      scope: "project:read",
      params: projectParams,
      response: projectSchema,
    },
    {
      method: "DELETE",
      path: "/v1/projects/{project_id}",
      operationId: "deleteProject",
      summary: "Delete a project",
      description:
        "Deletes the project as of the body's clock (the server's when absent); writes with older clocks arriving later stay out. 404 when it did not exist, the delete recorded all the same.",
      tags: [TAG],
      scope: "project:write",
      params: projectParams,
      headers: idempotencyHeader,
      body: deleteInput,
      problems: WRITE_PROBLEMS,
      responseHeaders: DELETE_HEADERS,
    },
    {
      method: "GET",
      path: "/v1/projects",
      operationId: "listProjects",
      summary: "List projects",
      description: "The caller's projects, most recently active first, optionally only those on a platform or active since a time.",
      tags: [TAG],
      scope: "project:read",
      query: projectListQuery,
      parameterDescriptions: PARAMETERS,
      response: z.object({ projects: z.array(projectSchema) }),
    },
    {
      method: "PUT",
      path: "/v1/sessions/{session_id}",
      operationId: "putSession",
      summary: "Create or update a session",
      description:
        "Sets the fields sent, each last-writer-wins by the body's clock, and answers the merged session. user_id is always the credential's. A session expires at expires_at (default: a day after its latest write). 409: not live after this write.",
      tags: [TAG],
      scope: "session:sync",
      params: sessionParams,
      headers: idempotencyHeader,
      body: sessionPutDoc,
      response: sessionDoc,
      responseDescription: "The session as merged.",
      problems: WRITE_PROBLEMS,
      responseHeaders: PUT_HEADERS,
    },
    {
      method: "GET",
      path: "/v1/sessions/{session_id}",
      operationId: "getSession",
      summary: "Read a session",
      description: "The caller's live session with this id; an expired one is gone (404).",
      tags: [TAG],
      scope: "session:sync",
      params: sessionParams,
      response: sessionDoc,
    },
    {
      method: "DELETE",
      path: "/v1/sessions/{session_id}",
      operationId: "deleteSession",
      summary: "End a session",
      description: "Ends the session as of the body's clock (the server's when absent). 404 when it was not live, the delete recorded all the same.",
      tags: [TAG],
      scope: "session:sync",
      params: sessionParams,
      headers: idempotencyHeader,
      body: deleteInput,
      problems: WRITE_PROBLEMS,
      responseHeaders: DELETE_HEADERS,
    },
    {
      method: "GET",
      path: "/v1/sessions",
      operationId: "listSessions",
      summary: "List live sessions",
      description:
        "The caller's live sessions, most recently written first, optionally only those on a platform, with an active project, or written since a time.",
      tags: [TAG],
      scope: "session:sync",
      query: sessionListQuery,
      parameterDescriptions: PARAMETERS,
      response: z.object({ sessions: z.array(sessionDoc) }),
    },
    {
      method: "GET",
      path: "/v1/changes",
      operationId: "listChanges",
      summary: "Page the change feed",
      description:
        "The caller's changes after since, per entity its latest, in clock order; deleted also means expired. With no since, or one older than a compacted delete: a snapshot (snapshot: true) to replace what the client holds. Sessions need session:sync too. /v1/sync pushes the same feed.",
      tags: [TAG],
      scope: "project:read",
      query: changesQuery,
      parameterDescriptions: PARAMETERS,
      response: changesPage,
    },
    {
      method: "GET",
      path: "/v1/audit-log",
      operationId: "getAuditLog",
      summary: "Read the audit log",
      description:
        "The caller's own audit entries, newest first: every write to projects and sessions, refused ones too, with the key, the request id and the status.",
      tags: [TAG],
      scope: "project:read",
      query: auditQuery,
      parameterDescriptions: PARAMETERS,
      response: auditLog,
    },
  ];
  app.openapi.tag(TAG, "Which interview project is active on which platform: projects, sessions and their change feed, shared by VS Code, Claude and ChatGPT.");
  for (const operation of operations) app.openapi.document(operation);
}
