import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import {
  projectPutInput,
  sessionPutInput,
  type AwarenessEntity,
  type Project,
  type ProjectPut,
  type Session,
  type SessionPut,
} from "../../contracts/awareness.js";
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
import { canonicalJson, type JsonValue } from "../canonical-json.js";
import { pageEnd, retainedFrom } from "../change-feed.js";
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
  sessionRegisters,
  type ProjectFilter,
  type SessionFilter,
  type SessionRow,
} from "../entities.js";
import { encodeClock, parseClock } from "../../contracts/hlc.js";
import type { LwwState } from "../lww.js";
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
  parseInput,
  resolvePolicy,
} from "../store-input.js";
import { awarenessCommands, type AwarenessCommands } from "./lua-scripts.js";
import { readFeed, type PublishedChange } from "./redis-change-feed.js";
import { auditFields, AwarenessKeys, decodeHash } from "./redis-keys.js";

export interface RedisAwarenessStoreOptions extends AwarenessStoreOptions {
  /** First part of every key and of the change channel; lets deployments share one Redis. */
  prefix?: string;
}

const SWEEP_BATCH = 500;

/**
 * Project awareness in Redis, for several server instances serving the same users: each write
 * is one Lua script (merge, change log, index, publish), and every instance hears every change
 * on a pub/sub channel through its own subscriber connection.
 */
export class RedisAwarenessStore implements AwarenessStore {
  readonly keys: AwarenessKeys;
  private readonly policy: AwarenessPolicy;
  private readonly now: () => number;
  private readonly clock: NodeClock;
  private readonly listeners: ChangeListeners;
  private readonly commands: AwarenessCommands;
  private subscriber: Redis | null = null;
  private subscribing: Promise<void> | null = null;

  /** Connects to `url`; the store then owns the connection and closes it. */
  static connect(url: string, options: RedisAwarenessStoreOptions = {}): RedisAwarenessStore {
    // A write sent before a disconnect may have run: it fails rather than run twice (a second audit entry, a delete answered 404).
    return new RedisAwarenessStore(new Redis(url, { autoResendUnfulfilledCommands: false }), options, true);
  }

  constructor(
    readonly redis: Redis,
    options: RedisAwarenessStoreOptions = {},
    private readonly ownsConnection = false,
  ) {
    this.keys = new AwarenessKeys(options.prefix ?? "awareness");
    this.policy = resolvePolicy(options);
    this.now = options.now ?? Date.now;
    this.clock = new NodeClock(options.node ?? `redis-${randomUUID().slice(0, 8)}`, this.now, this.policy.maxDriftMs);
    this.listeners = new ChangeListeners(options.onListenerError);
    this.commands = awarenessCommands(redis);
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
    const done = await this.write("put", userId, "project", projectId, writeClock, projectRegisters(input), audit);
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
    const ids = await this.redis.smembers(this.keys.index(userId, "project"));
    const states = await this.readStates(userId, "project", ids);
    const projects = ids.map((id, i) => projectView(id, states[i]!)).filter((p): p is Project => p !== null);
    return selectProjects(projects, { ...filter, limit });
  }

  async putSession(userId: string, sessionId: string, put: SessionPut, audit?: WriteAudit): Promise<PutResult<Session>> {
    checkUserId(userId);
    checkEntityId(sessionId, "session_id");
    const input = parseInput(sessionPutInput, put, "body");
    if (audit) checkWriteAudit(audit);
    const writeClock = this.clock.forWrite(input.clock);
    const done = await this.write("put", userId, "session", sessionId, writeClock, sessionRegisters(input), audit);
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
    await this.sweep(userId);
    const now = this.now();
    const ids = await this.redis.zrangebyscore(this.keys.index(userId, "session"), `(${now}`, "+inf");
    const states = await this.readStates(userId, "session", ids);
    const live: SessionRow[] = [];
    ids.forEach((id, i) => {
      const session = liveSession(userId, id, states[i]!, this.policy.sessionTtlMs, now);
      if (session) live.push({ session, lastWriteMs: lastWriteMs(states[i]!)! });
    });
    return selectSessions(live, { ...filter, limit });
  }

  async changesSince(userId: string, since: string | null, limit?: number, options: ChangesOptions = {}): Promise<ChangePage> {
    checkUserId(userId);
    const after = since === null ? null : encodeClock(parseClock(since, "since"));
    const count = checkLimit(limit, DEFAULT_CHANGES_LIMIT);
    await this.sweep(userId);
    const now = this.now();
    const read = await readFeed(this.redis, this.keys, userId, after, count, now, options.continueSnapshot === true);
    const states = await this.snapshot(read.entries.map((e) => this.keys.entity(userId, e.entity, e.id)));
    const changes = read.entries.map((e, i) => changeFor(e.entity, userId, e.id, e.clock, states[i]!, this.policy.sessionTtlMs, now));
    return {
      // An entity deleted between the two reads is left to the change that deleted it: a snapshot lists live ones only.
      changes: read.snapshot ? changes.filter((c) => !c.deleted) : changes,
      hasMore: read.hasMore,
      snapshot: read.snapshot,
      nextSince: pageEnd(read.entries.at(-1)?.clock ?? null, read.hasMore, after, read.head, read.snapshot),
    };
  }

  async claimIdempotency(userId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const record = this.keys.idempotency(checkUserId(userId), checkIdempotencyKey(key));
    checkText(fingerprint, "fingerprint", 256);
    const now = this.now();
    const lease = this.policy.idempotencyLeaseMs;
    const held = await this.commands.awarenessClaim(record, fingerprint, now, now + lease, lease);
    if (held.length === 0) return { outcome: "claimed" };
    const [heldFingerprint, status, body] = held;
    if (heldFingerprint !== fingerprint) return { outcome: "mismatch" };
    // A missing field comes back as null or false, depending on the protocol version.
    if (typeof status !== "string") return { outcome: "in-progress" };
    return { outcome: "replay", response: { status: Number(status), body: typeof body === "string" ? JSON.parse(body) : null } };
  }

  async completeIdempotency(userId: string, key: string, fingerprint: string, response: IdempotentResponse): Promise<boolean> {
    const record = this.keys.idempotency(checkUserId(userId), checkIdempotencyKey(key));
    const now = this.now();
    const ttl = this.policy.idempotencyTtlMs;
    const stored = await this.commands.awarenessComplete(record, fingerprint, response.status, JSON.stringify(response.body ?? null), now, now + ttl, ttl);
    return stored === 1;
  }

  async releaseIdempotency(userId: string, key: string, fingerprint: string): Promise<void> {
    await this.commands.awarenessRelease(this.keys.idempotency(checkUserId(userId), checkIdempotencyKey(key)), fingerprint);
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    const row = auditRow(entry, this.now());
    const fields = auditFields(row);
    if (row.status !== null) fields.push("status", String(row.status));
    await this.redis.call("XADD", this.keys.audit(row.userId), "MINID", "~", this.oldestAuditId(), "*", ...fields);
  }

  async auditLog(userId: string, limit?: number): Promise<AuditEntry[]> {
    checkUserId(userId);
    const count = checkLimit(limit, DEFAULT_LIST_LIMIT);
    const entries = await this.redis.xrevrange(this.keys.audit(userId), "+", "-", "COUNT", count);
    return entries.map(([, flat]) => {
      const f = new Map<string, string>();
      for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i]!, flat[i + 1]!);
      return {
        at: Number(f.get("at")),
        userId: f.get("user") ?? userId,
        credentialId: f.get("credential") ?? "",
        action: f.get("action") ?? "",
        target: f.get("target") ?? null,
        requestId: f.get("request") ?? "",
        status: f.has("status") ? Number(f.get("status")) : null,
      };
    });
  }

  async subscribe(listener: ChangeListener): Promise<() => Promise<void>> {
    const remove = this.listeners.add(listener);
    await this.listen();
    return async () => {
      remove();
    };
  }

  /** Redis expires session records by their own TTLs; this clears what they leave, and compacts tombstones past the horizon. */
  async purgeExpired(): Promise<number> {
    let purged = 0;
    const stream = this.redis.scanStream({ match: `${this.keys.prefix}:{*}:change-head`, count: 500 });
    for await (const batch of stream as AsyncIterable<string[]>) {
      for (const key of batch) {
        const userId = this.keys.userOfChangeHead(key);
        if (userId) purged += await this.sweep(userId);
      }
    }
    return purged;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    // quit() waits for a reply a Redis that is down never sends; a dead connection is just dropped.
    if (subscriber) await (subscriber.status === "ready" ? subscriber.quit().catch(() => subscriber.disconnect()) : subscriber.disconnect());
    if (this.ownsConnection) await (this.redis.status === "ready" ? this.redis.quit().catch(() => this.redis.disconnect()) : this.redis.disconnect());
  }

  private async remove(userId: string, entity: AwarenessEntity, id: string, clock: string | undefined, audit: WriteAudit | undefined): Promise<DeleteResult> {
    if (audit) checkWriteAudit(audit);
    const writeClock = this.clock.forWrite(clock);
    const done = await this.write("delete", userId, entity, id, writeClock, {}, audit);
    const existed = isVisible(entity, done.before, this.policy.sessionTtlMs, done.now);
    return { changed: done.clock !== null, existed, writeClock, clock: done.clock };
  }

  /** Stream entries older than the audit retention are trimmed as new ones arrive. */
  private oldestAuditId(): number {
    return Math.max(0, this.now() - this.policy.auditRetentionMs);
  }

  /** One atomic script: merge per field, append the audit entry, log the change after the user's latest, index, publish. */
  private async write(
    op: "put" | "delete",
    userId: string,
    entity: AwarenessEntity,
    id: string,
    writeClock: string,
    fields: Record<string, JsonValue>,
    audit: WriteAudit | undefined,
  ): Promise<{ state: LwwState; before: LwwState; clock: string | null; now: number }> {
    const now = this.now();
    const pairs = Object.entries(fields).flatMap(([field, value]) => [field, canonicalJson(value)]);
    const entry = audit
      ? JSON.stringify({
          fields: auditFields({ at: now, userId, credentialId: audit.credentialId, action: audit.action, target: audit.target, requestId: audit.requestId }),
          visible: String(audit.status.visible),
          hidden: String(audit.status.hidden),
          minid: String(this.oldestAuditId()),
        })
      : "";
    const [clock, after, before] = await this.commands.awarenessWrite(
      this.keys.entity(userId, entity, id),
      this.keys.index(userId, entity),
      this.keys.changes(userId),
      this.keys.changePositions(userId),
      this.keys.changeHead(userId),
      this.keys.audit(userId),
      this.keys.deletedProjects(userId),
      op,
      entity,
      id,
      writeClock,
      this.clock.proposeCommit(),
      userId,
      this.keys.channel,
      this.policy.sessionTtlMs,
      now,
      this.policy.sessionGraceMs,
      entry,
      ...pairs,
    );
    if (clock) this.clock.observe(clock);
    return { state: decodeHash(after), before: decodeHash(before), clock: clock || null, now };
  }

  private async readState(userId: string, entity: AwarenessEntity, id: string): Promise<LwwState> {
    return decodeHash(await this.redis.hgetall(this.keys.entity(userId, entity, id)));
  }

  private readStates(userId: string, entity: AwarenessEntity, ids: readonly string[]): Promise<LwwState[]> {
    return this.snapshot(ids.map((id) => this.keys.entity(userId, entity, id)));
  }

  /** Reads several records in one MULTI, so they are seen as of one moment. */
  private async snapshot(keys: readonly string[]): Promise<LwwState[]> {
    if (keys.length === 0) return [];
    const transaction = this.redis.multi();
    for (const key of keys) transaction.hgetall(key);
    const replies = (await transaction.exec()) ?? [];
    return replies.map(([error, reply]) => {
      if (error) throw error;
      return decodeHash(reply as Record<string, string>);
    });
  }

  private sweep(userId: string): Promise<number> {
    const now = this.now();
    return this.commands.awarenessSweep(
      this.keys.index(userId, "session"),
      this.keys.deletedProjects(userId),
      this.keys.changes(userId),
      this.keys.changePositions(userId),
      this.keys.compactedThrough(userId),
      retainedFrom("session", this.policy, now),
      retainedFrom("project", this.policy, now),
      `${this.keys.user(userId)}:`,
      SWEEP_BATCH,
    );
  }

  /** Subscribes once, on a duplicate connection (a subscribed connection can issue no other commands). */
  private listen(): Promise<void> {
    this.subscribing ??= (async () => {
      const subscriber = this.redis.duplicate();
      // Without a listener ioredis prints every reconnect failure to stderr; the main connection reports them.
      subscriber.on("error", () => undefined);
      this.subscriber = subscriber;
      subscriber.on("message", (_channel: string, message: string) => this.deliver(message));
      await subscriber.subscribe(this.keys.channel);
    })();
    return this.subscribing;
  }

  private deliver(message: string): void {
    const published = JSON.parse(message) as PublishedChange;
    this.clock.observe(published.clock);
    const state = decodeHash(Array.isArray(published.state) ? published.state : []);
    const change = changeFor(published.entity, published.user, published.id, published.clock, state, this.policy.sessionTtlMs, this.now());
    this.listeners.emit({ userId: published.user, change });
  }
}
