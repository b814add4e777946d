import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import {
  projectPutInput,
  sessionPutInput,
  type AwarenessEntity,
  type Project,
  type ProjectPut,
  type Session,
  type SessionPut,
} from "../../contracts/awareness.js";
import { CoachDatabase, type Sql } from "../../store/database.js";
import {
  DEFAULT_CHANGES_LIMIT,
  type AuditEntry,
  type AwarenessPolicy,
  type AwarenessStore,
  type AwarenessStoreOptions,
  type ChangeListener,
  type ChangePage,
  type ChangesOptions,
  type DeleteResult,
  type IdempotencyClaim,
  type IdempotentResponse,
  type NewAuditEntry,
  type PutResult,
  type WriteAudit,
} from "../awareness-store.js";
import type { JsonValue } from "../canonical-json.js";
import { pageEnd, projectVisibleUntil, retainedFrom } from "../change-feed.js";
import {
  changeFor,
  DEFAULT_LIST_LIMIT,
  isVisible,
  lastWriteMs,
  liveSession,
  projectRegisters,
  projectView,
  sharedProjectView,
  selectProjects,
  selectSessions,
  sessionExpiresAt,
  sessionRegisters,
  type ProjectFilter,
  type SessionFilter,
  type SessionRow,
} from "../entities.js";
import { parseClock, encodeClock } from "../../contracts/hlc.js";
import { applyDelete, applyPatch, EMPTY_STATE, type LwwState } from "../lww.js";
import { NodeClock } from "../node-clock.js";
import {
  auditRow,
  ChangeListeners,
  checkEntityId,
  checkIdempotencyKey,
  checkLimit,
  checkText,
  checkUserId,
  checkWriteAudit,
  committedAuditRow,
  parseInput,
  resolvePolicy,
} from "../store-input.js";
import { AWARENESS_DATABASE_FILE, AWARENESS_MIGRATIONS } from "./awareness-migrations.js";
import { insertAuditEntry, selectAuditEntries } from "./sqlite-audit-log.js";
import { compactFeed, readFeed, type Cutoffs } from "./sqlite-change-feed.js";

interface Committed {
  before: LwwState;
  state: LwwState;
  clock: string | null;
  /** The time the commit judged visibility by. */
  now: number;
}

type Write = { op: "put"; clock: string; fields: Record<string, JsonValue> } | { op: "delete"; clock: string };

/**
 * Project awareness in SQLite (awareness.sqlite in the data directory), for a single server
 * instance: a write resolves after its transaction commits, and its change reaches this
 * process's subscribers. Other processes on the same file share the data but not the events.
 */
export class SqliteAwarenessStore implements AwarenessStore {
  private readonly policy: AwarenessPolicy;
  private readonly now: () => number;
  private readonly clock: NodeClock;
  private readonly listeners: ChangeListeners;
  /** Entity states by user, entity and id; only while this process is the file's one writer. */
  private readonly states: LRUCache<string, LwwState> | null;

  /**
   * `ownedByThisProcess`: the HTTP server keeps the file locked while it runs, so reads cost no lock
   * traffic; a second server on the folder is refused (several instances share state through Redis).
   */
  static open(
    dataDir: string,
    options: AwarenessStoreOptions & { onStaleLockCleared?: (what: string) => void; ownedByThisProcess?: boolean } = {},
  ): SqliteAwarenessStore {
    const database = new CoachDatabase(dataDir, {
      schema: { file: AWARENESS_DATABASE_FILE, migrations: AWARENESS_MIGRATIONS },
      holdLock: options.ownedByThisProcess === true,
      ...(options.onStaleLockCleared ? { onStaleLockCleared: options.onStaleLockCleared } : {}),
    });
    return new SqliteAwarenessStore(database, { ...options, cacheStates: options.ownedByThisProcess === true });
  }

  /** `cacheStates`: keep recently read states in memory, which is only sound when no other process writes the file. */
  constructor(
    readonly database: CoachDatabase,
    options: AwarenessStoreOptions & { cacheStates?: boolean } = {},
  ) {
    this.states = options.cacheStates ? new LRUCache({ max: STATE_CACHE_ENTRIES, maxSize: STATE_CACHE_JSON_CHARS }) : null;
    this.policy = resolvePolicy(options);
    this.now = options.now ?? Date.now;
    this.clock = new NodeClock(options.node ?? `sqlite-${randomUUID().slice(0, 8)}`, this.now, this.policy.maxDriftMs);
    this.listeners = new ChangeListeners(options.onListenerError);
  }

  get node(): string {
    return this.clock.node;
  }

  async putProject(userId: string, projectId: string, put: ProjectPut, audit?: WriteAudit): Promise<PutResult<Project>> {
    checkUserId(userId);
    checkEntityId(projectId, "project_id");
    const input = parseInput(projectPutInput, put, "body");
    if (audit) checkWriteAudit(audit);
    const writeClock = this.clock.forWrite(input.clock);
    const done = await this.commit(userId, "project", projectId, { op: "put", clock: writeClock, fields: projectRegisters(input) }, audit);
    return { changed: done.clock !== null, state: projectView(projectId, done.state), writeClock, clock: done.clock };
  }

  async getProject(userId: string, projectId: string): Promise<Project | null> {
    const state = await this.readState(checkUserId(userId), "project", checkEntityId(projectId, "project_id"));
    return sharedProjectView(projectId, state);
  }

  deleteProject(userId: string, projectId: string, clock?: string, audit?: WriteAudit): Promise<DeleteResult> {
    return this.remove(checkUserId(userId), "project", checkEntityId(projectId, "project_id"), clock, audit);
  }

  async listProjects(userId: string, filter: ProjectFilter = {}): Promise<Project[]> {
    checkUserId(userId);
    const limit = checkLimit(filter.limit, DEFAULT_LIST_LIMIT);
    const rows = await this.database.read(
      (db) =>
        db.all("SELECT id, state FROM awareness_entities WHERE user_id = ? AND entity = 'project'", [userId]) as unknown as { id: string; state: string }[],
    );
    const projects = rows.map((r) => projectView(r.id, decode(r.state))).filter((p): p is Project => p !== null);
    return selectProjects(projects, { ...filter, limit });
  }

  async putSession(userId: string, sessionId: string, put: SessionPut, audit?: WriteAudit): Promise<PutResult<Session>> {
    checkUserId(userId);
    checkEntityId(sessionId, "session_id");
    const input = parseInput(sessionPutInput, put, "body");
    if (audit) checkWriteAudit(audit);
    const writeClock = this.clock.forWrite(input.clock);
    const done = await this.commit(userId, "session", sessionId, { op: "put", clock: writeClock, fields: sessionRegisters(input) }, audit);
    return {
      changed: done.clock !== null,
      state: liveSession(userId, sessionId, done.state, this.policy.sessionTtlMs, done.now),
      writeClock,
      clock: done.clock,
    };
  }

  async getSession(userId: string, sessionId: string): Promise<Session | null> {
    const state = await this.readState(checkUserId(userId), "session", checkEntityId(sessionId, "session_id"));
    return liveSession(userId, sessionId, state, this.policy.sessionTtlMs, this.now());
  }

  deleteSession(userId: string, sessionId: string, clock?: string, audit?: WriteAudit): Promise<DeleteResult> {
    return this.remove(checkUserId(userId), "session", checkEntityId(sessionId, "session_id"), clock, audit);
  }

  async listSessions(userId: string, filter: SessionFilter = {}): Promise<Session[]> {
    checkUserId(userId);
    const limit = checkLimit(filter.limit, DEFAULT_LIST_LIMIT);
    const now = this.now();
    const rows = await this.database.read(
      (db) =>
        db.all("SELECT id, state FROM awareness_entities WHERE user_id = ? AND entity = 'session' AND visible_until > ?", [userId, now]) as unknown as {
          id: string;
          state: string;
        }[],
    );
    const live: SessionRow[] = [];
    for (const row of rows) {
      const state = decode(row.state);
      const session = liveSession(userId, row.id, state, this.policy.sessionTtlMs, now);
      if (session) live.push({ session, lastWriteMs: lastWriteMs(state)! });
    }
    return selectSessions(live, { ...filter, limit });
  }

  async changesSince(userId: string, since: string | null, limit?: number, options: ChangesOptions = {}): Promise<ChangePage> {
    checkUserId(userId);
    const after = since === null ? null : encodeClock(parseClock(since, "since"));
    const count = checkLimit(limit, DEFAULT_CHANGES_LIMIT);
    const now = this.now();
    const read = await this.database.read((db) => readFeed(db, userId, after, count, this.cutoffs(now), now, options.continueSnapshot === true));
    const page = read.rows.slice(0, count);
    const hasMore = read.rows.length > count;
    const changes = page.map((r) => changeFor(r.entity, userId, r.id, r.change_clock, decode(r.state), this.policy.sessionTtlMs, now));
    return { changes, hasMore, snapshot: read.snapshot, nextSince: pageEnd(page.at(-1)?.change_clock ?? null, hasMore, after, read.head, read.snapshot) };
  }

  claimIdempotency(userId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const scope = [checkUserId(userId), checkIdempotencyKey(key)];
    checkText(fingerprint, "fingerprint", 256);
    return this.database.write((db): IdempotencyClaim => {
      const now = this.now();
      const row = db.get("SELECT fingerprint, status, body, expires_at FROM idempotency_records WHERE user_id = ? AND key = ?", scope) as {
        fingerprint: string;
        status: number | null;
        body: string | null;
        expires_at: number;
      } | null;
      if (!row || row.expires_at <= now) {
        db.run(
          `INSERT INTO idempotency_records (user_id, key, fingerprint, status, body, expires_at) VALUES (?, ?, ?, NULL, NULL, ?)
           ON CONFLICT (user_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL, body = NULL, expires_at = excluded.expires_at`,
          [...scope, fingerprint, now + this.policy.idempotencyLeaseMs],
        );
        return { outcome: "claimed" };
      }
      if (row.fingerprint !== fingerprint) return { outcome: "mismatch" };
      if (row.status === null) return { outcome: "in-progress" };
      return { outcome: "replay", response: { status: Number(row.status), body: row.body === null ? null : JSON.parse(row.body) } };
    });
  }

  completeIdempotency(userId: string, key: string, fingerprint: string, response: IdempotentResponse): Promise<boolean> {
    const scope = [checkUserId(userId), checkIdempotencyKey(key)];
    const body = JSON.stringify(response.body ?? null);
    return this.database.write(
      (db) =>
        db.run(
          "UPDATE idempotency_records SET status = ?, body = ?, expires_at = ? WHERE user_id = ? AND key = ? AND fingerprint = ? AND status IS NULL AND expires_at > ?",
          [response.status, body, this.now() + this.policy.idempotencyTtlMs, ...scope, fingerprint, this.now()],
        ).changes === 1,
    );
  }

  async releaseIdempotency(userId: string, key: string, fingerprint: string): Promise<void> {
    const scope = [checkUserId(userId), checkIdempotencyKey(key)];
    await this.database.write((db) =>
      db.run("DELETE FROM idempotency_records WHERE user_id = ? AND key = ? AND fingerprint = ? AND status IS NULL", [...scope, fingerprint]),
    );
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    const row = auditRow(entry, this.now());
    await this.database.write((db) => insertAuditEntry(db, row));
  }

  auditLog(userId: string, limit?: number): Promise<AuditEntry[]> {
    checkUserId(userId);
    const count = checkLimit(limit, DEFAULT_LIST_LIMIT);
    return this.database.read((db) => selectAuditEntries(db, userId, count));
  }

  async subscribe(listener: ChangeListener): Promise<() => Promise<void>> {
    const remove = this.listeners.add(listener);
    return async () => {
      remove();
    };
  }

  purgeExpired(): Promise<number> {
    const now = this.now();
    return this.database.write((db) => {
      this.states?.clear();
      return (
        compactFeed(db, this.cutoffs(now)) +
        db.run("DELETE FROM idempotency_records WHERE expires_at <= ?", [now]).changes +
        db.run("DELETE FROM audit_log WHERE at < ?", [now - this.policy.auditRetentionMs]).changes
      );
    });
  }

  async ping(): Promise<void> {
    await this.database.read((db) => db.get("SELECT 1"));
  }

  async close(): Promise<void> {
    this.database.close();
  }

  private cutoffs(now: number): Cutoffs {
    return { session: retainedFrom("session", this.policy, now), project: retainedFrom("project", this.policy, now) };
  }

  private async readState(userId: string, entity: AwarenessEntity, id: string): Promise<LwwState> {
    const key = stateKey(userId, entity, id);
    const cached = this.states?.get(key);
    if (cached) return cached;
    // Filled inside the critical section, so a write committed after this read cannot be overtaken by it.
    return this.database.read((db) => {
      const row = db.get("SELECT state FROM awareness_entities WHERE user_id = ? AND entity = ? AND id = ?", [userId, entity, id]) as { state: string } | null;
      const state = row ? decode(row.state) : EMPTY_STATE;
      // Sized by the stored JSON: a session's context may be kilobytes, so a count alone would not bound memory.
      this.states?.set(key, state, { size: key.length + (row?.state.length ?? 0) });
      return state;
    });
  }

  private async remove(userId: string, entity: AwarenessEntity, id: string, clock: string | undefined, audit: WriteAudit | undefined): Promise<DeleteResult> {
    if (audit) checkWriteAudit(audit);
    const writeClock = this.clock.forWrite(clock);
    const done = await this.commit(userId, entity, id, { op: "delete", clock: writeClock }, audit);
    const existed = isVisible(entity, done.before, this.policy.sessionTtlMs, done.now);
    return { changed: done.clock !== null, existed, writeClock, clock: done.clock };
  }

  /** Merges and appends the write's audit entry in one transaction; a change gets the next clock in the user's log and is emitted once committed. */
  private async commit(userId: string, entity: AwarenessEntity, id: string, write: Write, audit: WriteAudit | undefined): Promise<Committed> {
    const done = await this.database.write((db): Committed => {
      // Dropped before the change, so a rolled-back write leaves nothing stale; the next read refills it.
      this.states?.delete(stateKey(userId, entity, id));
      const now = this.now();
      const row = db.get("SELECT state FROM awareness_entities WHERE user_id = ? AND entity = ? AND id = ?", [userId, entity, id]) as { state: string } | null;
      const before = row ? decode(row.state) : EMPTY_STATE;
      const { state, changed } = write.op === "put" ? applyPatch(before, write.fields, write.clock) : applyDelete(before, write.clock);
      // The caller's answer turns on the entity after a put and before a delete; the entry records that answer.
      if (audit)
        insertAuditEntry(db, committedAuditRow(userId, audit, now, isVisible(entity, write.op === "put" ? state : before, this.policy.sessionTtlMs, now)));
      if (!changed) return { before, state, clock: null, now };
      const clock = nextChangeClock(db, userId, this.clock.proposeCommit());
      const visibleUntil = entity === "session" ? (sessionExpiresAt(state, this.policy.sessionTtlMs) ?? now) : projectVisibleUntil(state, now);
      db.run(
        `INSERT INTO awareness_entities (user_id, entity, id, state, change_clock, visible_until) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, entity, id) DO UPDATE SET state = excluded.state, change_clock = excluded.change_clock, visible_until = excluded.visible_until`,
        [userId, entity, id, JSON.stringify(state), clock, visibleUntil],
      );
      return { before, state, clock, now };
    });
    if (done.clock !== null) {
      this.clock.observe(done.clock);
      this.listeners.emit({ userId, change: changeFor(entity, userId, id, done.clock, done.state, this.policy.sessionTtlMs, done.now) });
    }
    return done;
  }
}

/** The user's change clocks only grow, even when the entity holding the latest one is purged. */
function nextChangeClock(db: Sql, userId: string, proposal: string): string {
  const head = db.get("SELECT clock FROM awareness_change_heads WHERE user_id = ?", [userId]) as { clock: string } | null;
  const clock = NodeClock.commitAfter(head?.clock ?? null, proposal);
  db.run("INSERT INTO awareness_change_heads (user_id, clock) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET clock = excluded.clock", [userId, clock]);
  return clock;
}

/** Every project and live session of a few thousand active users, whichever limit comes first. */
const STATE_CACHE_ENTRIES = 10_000;
/** 16 MB of stored JSON; parsed, the states take a small multiple of that. */
const STATE_CACHE_JSON_CHARS = 16_000_000;

const stateKey = (userId: string, entity: AwarenessEntity, id: string) => `${userId}\u0000${entity}\u0000${id}`;

function decode(text: string): LwwState {
  return JSON.parse(text) as LwwState;
}
