import type { FastifyReply, FastifyRequest } from "fastify";
import type { AwarenessStore, DeleteResult, PutResult } from "../../awareness/awareness-store.js";
import type { JsonValue } from "../../awareness/canonical-json.js";
import { requestFingerprint } from "../../awareness/fingerprint.js";
import { idempotencyKeySchema, type AwarenessEntity } from "../../contracts/awareness.js";
import { CoachInputError } from "../../errors.js";
import { principalOf } from "../auth/principal.js";
import type { Metrics } from "../metrics.js";
import { ProblemError, validationProblem } from "../problem.js";

/**
 * Response headers of awareness writes. The body is the merged state (the contract's view), so
 * the clocks travel in headers: a GET has no change of its own to report.
 */
export const AWARENESS_HEADERS = {
  /** The write's position in the user's change feed: what /v1/changes and /v1/sync report as change.clock. Absent when the write changed nothing. */
  clock: "awareness-clock",
  /** The clock the write was ordered by: the body's `clock`, or the server's when it had none. */
  writeClock: "awareness-write-clock",
  /** On a response repeated for an Idempotency-Key seen before: nothing was done this time. */
  replayed: "idempotent-replayed",
} as const;

export const AWARENESS_PROBLEMS = {
  notFound: "urn:interview-coach:problem:not-found",
  superseded: "urn:interview-coach:problem:superseded",
  idempotencyInProgress: "urn:interview-coach:problem:idempotency-in-progress",
  idempotencyKeyReused: "urn:interview-coach:problem:idempotency-key-reused",
} as const;

/** A write's whole answer, kept under its Idempotency-Key so a replay repeats the first answer exactly. */
export interface WriteOutcome {
  status: number;
  headers: Record<string, string>;
  /** The merged state, a problem body, or null (204). */
  body: unknown;
  problem: boolean;
}

export interface WriteDependencies {
  store: AwarenessStore;
  metrics: Metrics;
}

export const notFoundDetail = (entity: AwarenessEntity, id: string) => `No ${entity} "${id}" for this user.`;

function problemOutcome(request: FastifyRequest, status: number, type: string, title: string, detail: string, headers: Record<string, string>): WriteOutcome {
  return { status, headers, body: { type, title, status, detail, requestId: request.id }, problem: true };
}

function clockHeaders(result: { writeClock: string; clock: string | null }): Record<string, string> {
  return { [AWARENESS_HEADERS.writeClock]: result.writeClock, ...(result.clock === null ? {} : { [AWARENESS_HEADERS.clock]: result.clock }) };
}

/** A write's status by whether the entity is visible after a PUT, or was before a DELETE: the store audits with the same one. */
export const WRITE_STATUS = {
  put: { visible: 200, hidden: 409 },
  delete: { visible: 204, hidden: 404 },
} as const;

/** 200 with the merged state, or 409 when the entity is not live after the write (a later delete wins, or the session has expired). */
export function putOutcome<T>(request: FastifyRequest, entity: AwarenessEntity, id: string, result: PutResult<T>): WriteOutcome {
  const headers = clockHeaders(result);
  if (result.state !== null) return { status: WRITE_STATUS.put.visible, headers, body: result.state, problem: false };
  const detail =
    entity === "project"
      ? `Project "${id}" was deleted by a write with a later clock; this write is ordered before that delete and stays hidden.`
      : `Session "${id}" is not live after this write: a delete with a later clock supersedes it, or its expires_at has passed.`;
  return problemOutcome(request, WRITE_STATUS.put.hidden, AWARENESS_PROBLEMS.superseded, "Superseded", detail, headers);
}

/** 204 when the entity was live; 404 otherwise, though the delete is still recorded so an older write arriving late stays out. */
export function deleteOutcome(request: FastifyRequest, entity: AwarenessEntity, id: string, result: DeleteResult): WriteOutcome {
  const headers = clockHeaders(result);
  return result.existed
    ? { status: WRITE_STATUS.delete.visible, headers, body: null, problem: false }
    : problemOutcome(request, WRITE_STATUS.delete.hidden, AWARENESS_PROBLEMS.notFound, "Not Found", notFoundDetail(entity, id), headers);
}

function send(reply: FastifyReply, outcome: WriteOutcome): FastifyReply {
  reply.code(outcome.status).headers(outcome.headers);
  if (outcome.body === null) return reply.send();
  if (outcome.problem) reply.type("application/problem+json");
  return reply.send(outcome.body);
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers["idempotency-key"];
  if (raw === undefined) return null;
  const parsed = idempotencyKeySchema.safeParse(raw);
  if (!parsed.success) throw validationProblem([{ field: "Idempotency-Key", rule: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

/** The store's input errors (a clock too far ahead) become 400s naming the field. */
async function perform(work: () => Promise<WriteOutcome>): Promise<WriteOutcome> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CoachInputError) throw validationProblem([{ field: error.field, rule: error.rule }]);
    throw error;
  }
}

/**
 * Runs a validated write once per Idempotency-Key (when the request carries one): the first request
 * claims the key and its answer is stored; a repeat gets that answer with Idempotent-Replayed: true;
 * a repeat while the first is still running gets 409; the key with another method, path or body gets 422.
 */
export async function answerWrite(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WriteDependencies,
  work: () => Promise<WriteOutcome>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request);
  if (key === null) return send(reply, await perform(work));
  const { userId } = principalOf(request);
  const path = request.url.split("?")[0]!;
  const fingerprint = requestFingerprint({ method: request.method, path, body: request.body as JsonValue | undefined });
  const claim = await deps.store.claimIdempotency(userId, key, fingerprint);
  if (claim.outcome === "replay") {
    reply.header(AWARENESS_HEADERS.replayed, "true");
    return send(reply, claim.response.body as WriteOutcome);
  }
  if (claim.outcome === "in-progress") {
    throw new ProblemError(409, "A request with this Idempotency-Key is still being processed; retry once it has finished to get its result.", {
      type: AWARENESS_PROBLEMS.idempotencyInProgress,
      title: "Idempotency key in use",
      headers: { "retry-after": "1" },
    });
  }
  if (claim.outcome === "mismatch") {
    throw new ProblemError(422, "This Idempotency-Key was used for a different request (method, path or body); use a new key for a new request.", {
      type: AWARENESS_PROBLEMS.idempotencyKeyReused,
      title: "Idempotency key reused",
    });
  }
  let outcome: WriteOutcome;
  try {
    outcome = await perform(work);
  } catch (error) {
    // A failed request leaves no answer to replay: a retry with the same key runs again.
    await deps.store
      .releaseIdempotency(userId, key, fingerprint)
      .catch((released: unknown) => request.log.warn({ err: released }, "releasing an idempotency key failed"));
    throw error;
  }
  // The write and its audit entry are committed: the caller gets their answer even if the key cannot record it.
  const stored = await deps.store.completeIdempotency(userId, key, fingerprint, { status: outcome.status, body: outcome }).catch((error: unknown) => {
    request.log.warn({ err: error, idempotencyKey: key }, "storing the answer under the idempotency key failed; a repeat may run again once its claim lapses");
    return null;
  });
  if (stored === false) request.log.warn({ idempotencyKey: key }, "the idempotency claim lapsed before the write completed; a repeat may run again");
  return send(reply, outcome);
}
