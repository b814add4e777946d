import type { Change, Project, ProjectPut, Session, SessionPut } from "../contracts/awareness.js";
import type { ProjectFilter, SessionFilter } from "./entities.js";

export type { ProjectFilter, SessionFilter } from "./entities.js";

/** Lifetimes and bounds shared by both stores; every instance serving the same users must agree on them. */
export interface AwarenessPolicy {
  /** A caller's clock this far ahead of the server's time is rejected. */
  maxDriftMs: number;
  /** A session without an explicit expires_at expires this long after its latest write. */
  sessionTtlMs: number;
  /** Expired and deleted sessions stay hidden this long (so a late write cannot revive them), then are purged. */
  sessionGraceMs: number;
  /**
   * A deleted project's tombstone stays in the change feed this long, then is compacted away: a reader whose
   * `since` predates a compacted change gets a snapshot, and a write older than the delete arriving after it counts as new.
   */
  tombstoneHorizonMs: number;
  /** A completed idempotency record answers replays for this long. */
  idempotencyTtlMs: number;
  /** A claim whose request never completed (its process died) frees its key after this long. */
  idempotencyLeaseMs: number;
  /** Audit entries are kept this long. */
  auditRetentionMs: number;
}

const HOUR = 3_600_000;
export const DEFAULT_AWARENESS_POLICY: AwarenessPolicy = {
  maxDriftMs: 60_000,
  sessionTtlMs: 24 * HOUR,
  sessionGraceMs: 24 * HOUR,
  tombstoneHorizonMs: 30 * 24 * HOUR,
  idempotencyTtlMs: 24 * HOUR,
  idempotencyLeaseMs: 60_000,
  auditRetentionMs: 90 * 24 * HOUR,
};

/** One page of change-log replay unless the caller asks for fewer. */
export const DEFAULT_CHANGES_LIMIT = 500;

export interface AwarenessStoreOptions extends Partial<AwarenessPolicy> {
  /** This instance's node id in clocks it makes; unique per instance. */
  node?: string;
  /** Physical time, injectable for tests. */
  now?: () => number;
  /** A change listener threw: the store reports it here and carries on. */
  onListenerError?: (error: unknown) => void;
}

export interface PutResult<T> {
  /** False when every field already held a later write: nothing stored, no change emitted. */
  changed: boolean;
  /** The merged entity as callers now see it; null when deleted or expired. */
  state: T | null;
  /** The clock the write was ordered by (the caller's, or the server's when none was given). */
  writeClock: string;
  /** The change's position in the user's change log; null when nothing changed. */
  clock: string | null;
}

export interface DeleteResult {
  changed: boolean;
  /** Whether the entity was visible just before the delete. */
  existed: boolean;
  writeClock: string;
  clock: string | null;
}

export interface ChangePage {
  /** Per entity its latest change after `since`, in clock order; in a snapshot, only live entities. */
  changes: Change[];
  /** More changes follow: ask again from `nextSince` (with `continueSnapshot` after a snapshot). */
  hasMore: boolean;
  /** The changes are the current state, not what changed since `since`: the reader drops what it holds first. */
  snapshot: boolean;
  /** Where the reader stands after this page: its last change while more follow, else the user's latest change. */
  nextSince: string | null;
}

export interface ChangesOptions {
  /** The reader is paging on through a snapshot it began: the changes after `since`, never another snapshot. */
  continueSnapshot?: boolean;
}

export interface AwarenessChangeEvent {
  userId: string;
  change: Change;
}

export type ChangeListener = (event: AwarenessChangeEvent) => void;

export interface IdempotentResponse {
  status: number;
  body: unknown;
}

export type IdempotencyClaim =
  /** The key is yours: process the request, then complete or release the claim. */
  | { outcome: "claimed" }
  /** The same request completed before: answer with its response, change nothing. */
  | { outcome: "replay"; response: IdempotentResponse }
  /** The same request is being processed right now. */
  | { outcome: "in-progress" }
  /** The key was used for a different request. */
  | { outcome: "mismatch" };

export interface AuditEntry {
  /** Epoch ms. */
  at: number;
  userId: string;
  credentialId: string;
  /** What was done, e.g. "PUT /v1/projects/interview-acme". */
  action: string;
  /** What it was done to, e.g. "project:interview-acme". */
  target: string | null;
  requestId: string;
  status: number | null;
}

export type NewAuditEntry = Omit<AuditEntry, "at" | "target" | "status"> & { at?: number; target?: string | null; status?: number | null };

/**
 * The audit entry of a write, committed in the same step as the write. Its status is the answer the
 * write gets, which only the merge decides: whether the entity is visible after a put, or was before a delete.
 */
export interface WriteAudit {
  credentialId: string;
  action: string;
  target: string | null;
  requestId: string;
  status: { visible: number; hidden: number };
}

/**
 * Projects, sessions, their change log, idempotency records and the audit log of one deployment.
 * Every operation is scoped by user id: none reads or changes another user's records.
 * Writes resolve once committed (SQLite transaction, Redis script) and emit their change to subscribers.
 * A write given its audit entry commits the entry with it, a write that changes nothing included: both or neither.
 */
export interface AwarenessStore {
  readonly node: string;

  putProject(userId: string, projectId: string, put: ProjectPut, audit?: WriteAudit): Promise<PutResult<Project>>;
  getProject(userId: string, projectId: string): Promise<Project | null>;
  deleteProject(userId: string, projectId: string, clock?: string, audit?: WriteAudit): Promise<DeleteResult>;
  listProjects(userId: string, filter?: ProjectFilter): Promise<Project[]>;

  putSession(userId: string, sessionId: string, put: SessionPut, audit?: WriteAudit): Promise<PutResult<Session>>;
  getSession(userId: string, sessionId: string): Promise<Session | null>;
  deleteSession(userId: string, sessionId: string, clock?: string, audit?: WriteAudit): Promise<DeleteResult>;
  listSessions(userId: string, filter?: SessionFilter): Promise<Session[]>;

  /**
   * The user's changes after `since` for replay after a reconnect; a snapshot of the live projects and sessions
   * instead when `since` is null or older than a change compaction removed, so no delete is missed.
   */
  changesSince(userId: string, since: string | null, limit?: number, options?: ChangesOptions): Promise<ChangePage>;

  /** First writer wins, atomically: at most one request holds a key until it completes or its lease ends. */
  claimIdempotency(userId: string, key: string, fingerprint: string): Promise<IdempotencyClaim>;
  /** Stores the response for replays; false when this claim no longer holds the key (its lease ran out and another took it). */
  completeIdempotency(userId: string, key: string, fingerprint: string, response: IdempotentResponse): Promise<boolean>;
  /** Frees a claim whose request failed, so a retry can run. */
  releaseIdempotency(userId: string, key: string, fingerprint: string): Promise<void>;

  /** An entry for a request that wrote nothing (denied before it reached the store). */
  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** The user's audit entries, newest first. */
  auditLog(userId: string, limit?: number): Promise<AuditEntry[]>;

  /** Calls the listener with every change committed from now on; resolves once listening, to the unsubscribe function. */
  subscribe(listener: ChangeListener): Promise<() => Promise<void>>;

  /** Deletes what has outlived its retention (tombstones past the horizon included); returns how many records went. */
  purgeExpired(): Promise<number>;
  /** Resolves when the store answers (for readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
