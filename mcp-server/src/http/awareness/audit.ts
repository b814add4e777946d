import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AwarenessStore, WriteAudit } from "../../awareness/awareness-store.js";
import { AWARENESS_ID_PATTERN, type AwarenessEntity } from "../../contracts/awareness.js";
import { requireScope } from "../auth/authenticate.js";
import { principalOf } from "../auth/principal.js";
import type { Metrics } from "../metrics.js";
import { queryReader } from "../openapi/index.js";
import { AWARENESS_HEADERS } from "./write-outcome.js";

const MAX_ACTION_CHARS = 1_000;

export const auditQuery = z.strictObject({
  limit: z
    .number({ error: "must be a whole number from 1 to 1000 (limit)" })
    .int({ error: "must be a whole number from 1 to 1000 (limit)" })
    .min(1, { error: "must be at least 1 (limit)" })
    .max(1_000, { error: "must be at most 1000 (limit)" })
    .optional(),
});
const readAuditQuery = queryReader(auditQuery);

/** Requests whose write reached the store: their entry was committed with the write. */
const auditedWithWrite = new WeakSet<FastifyRequest>();

const actionOf = (request: FastifyRequest) => `${request.method} ${request.url.split("?")[0]}`.slice(0, MAX_ACTION_CHARS);

/**
 * Runs a validated write with its audit entry, which the store commits in the same step: an
 * acknowledged write is never missing from the log, whatever happens to the process after.
 */
export async function auditedWrite<T>(
  request: FastifyRequest,
  entity: AwarenessEntity,
  id: string,
  status: WriteAudit["status"],
  write: (audit: WriteAudit) => Promise<T>,
): Promise<T> {
  const { credentialId } = principalOf(request);
  const result = await write({ credentialId, action: actionOf(request), target: `${entity}:${id}`, requestId: request.id, status });
  auditedWithWrite.add(request);
  return result;
}

/**
 * An onSend hook for write routes: a write denied before it reached the store (403, 400, 409, 413, 422, 429)
 * goes into the audit log here, with its status; a write the store applied is already there, and a
 * replay of an Idempotency-Key did nothing and is not logged again.
 * It runs before the response leaves, so a caller who got an answer can already read the entry.
 */
export function auditWrites(entity: AwarenessEntity, idParam: string, store: AwarenessStore, metrics: Metrics) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const replayed = reply.getHeader(AWARENESS_HEADERS.replayed) === "true";
    if (request.headers["idempotency-key"] !== undefined) {
      metrics.outboxDeliveries.inc({ outcome: replayed ? "replayed" : reply.statusCode < 400 ? "applied" : "rejected" });
    }
    const principal = request.principal;
    if (!principal || replayed || auditedWithWrite.has(request)) return payload;
    const id = (request.params as Record<string, unknown> | undefined)?.[idParam];
    try {
      await store.appendAudit({
        userId: principal.userId,
        credentialId: principal.credentialId,
        action: actionOf(request),
        target: typeof id === "string" && AWARENESS_ID_PATTERN.test(id) ? `${entity}:${id}` : null,
        requestId: request.id,
        status: reply.statusCode,
      });
    } catch (error) {
      // Nothing was written; failing the answer now would only make the client retry a denied request.
      request.log.error({ err: error }, "appending to the audit log failed");
    }
    return payload;
  };
}

/** GET /v1/audit-log: the caller's own audit entries, newest first. */
export function auditLogRoute(app: FastifyInstance, store: AwarenessStore): void {
  app.get("/v1/audit-log", { onRequest: requireScope("project:read") }, async (request) => {
    const query = readAuditQuery(request.query);
    const entries = await store.auditLog(principalOf(request).userId, query.limit);
    return {
      entries: entries.map((e) => ({
        at: new Date(e.at).toISOString(),
        credential_id: e.credentialId,
        action: e.action,
        target: e.target,
        request_id: e.requestId,
        status: e.status,
      })),
    };
  });
}
