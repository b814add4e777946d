import type { AwarenessEntity } from "../../contracts/awareness.js";
import type { AuditEntry } from "../awareness-store.js";
import type { JsonValue } from "../canonical-json.js";
import type { LwwState, Register } from "../lww.js";

/**
 * Key layout. Every key of one user carries the user id as its hash tag, `{user}`, so a user's
 * keys share a slot and no key name can reach another user's records.
 *
 *   <p>:{user}:project:<id>       hash   c:<field> → clock, v:<field> → canonical JSON, tombstone → clock
 *   <p>:{user}:session:<id>       hash   same; expires itself (PEXPIRE) a grace period after the session does
 *   <p>:{user}:projects           set    ids of live projects
 *   <p>:{user}:deleted-projects   zset   ids of deleted projects scored by the time of their latest change, for compaction
 *   <p>:{user}:sessions           zset   session id scored by the time it stops being visible (expiry or delete)
 *   <p>:{user}:changes            zset   change log: members "<clock> <entity> <id>", all score 0, read by lex range
 *   <p>:{user}:change-positions   hash   "<entity> <id>" → clock of its entry in the change log
 *   <p>:{user}:change-head        string the user's latest change clock; never goes back
 *   <p>:{user}:compacted-through  string the newest change clock removed from the change log; never goes back
 *   <p>:{user}:idempotency:<key>  hash   fingerprint, expires_at, then status and body once complete
 *   <p>:{user}:audit              stream audit entries, trimmed by age (MINID); a write's own entry is added by its script
 *   <p>:changes                   pub/sub channel of committed changes, for every instance
 */
export class AwarenessKeys {
  constructor(readonly prefix: string) {}

  user(userId: string): string {
    return `${this.prefix}:{${userId}}`;
  }

  entity(userId: string, entity: AwarenessEntity, id: string): string {
    return `${this.user(userId)}:${entity}:${id}`;
  }

  /** The set of live projects, or the sessions by visibility. */
  index(userId: string, entity: AwarenessEntity): string {
    return `${this.user(userId)}:${entity === "project" ? "projects" : "sessions"}`;
  }

  deletedProjects(userId: string): string {
    return `${this.user(userId)}:deleted-projects`;
  }

  changes(userId: string): string {
    return `${this.user(userId)}:changes`;
  }

  changePositions(userId: string): string {
    return `${this.user(userId)}:change-positions`;
  }

  changeHead(userId: string): string {
    return `${this.user(userId)}:change-head`;
  }

  compactedThrough(userId: string): string {
    return `${this.user(userId)}:compacted-through`;
  }

  idempotency(userId: string, key: string): string {
    return `${this.user(userId)}:idempotency:${key}`;
  }

  audit(userId: string): string {
    return `${this.user(userId)}:audit`;
  }

  get channel(): string {
    return `${this.prefix}:changes`;
  }

  /** The user id from a change-head key found by SCAN: every user with a change has one. */
  userOfChangeHead(key: string): string | null {
    const match = /^.*:\{([^}]+)\}:change-head$/.exec(key);
    return match && key.startsWith(`${this.prefix}:{`) ? match[1]! : null;
  }
}

/** A change-log member: space sorts below every clock character, so members sort in clock order. */
export function changeMember(clock: string, entity: AwarenessEntity, id: string): string {
  return `${clock} ${entity} ${id}`;
}

export function parseChangeMember(member: string): { clock: string; entity: AwarenessEntity; id: string } {
  const [clock, entity, id] = member.split(" ") as [string, AwarenessEntity, string];
  return { clock, entity, id };
}

/** The exclusive lower bound that skips every member of `clock` and keeps every later one. */
export function afterClockBound(clock: string | null): string {
  return clock === null ? "-" : `(${clock} \x7f`;
}

/** A hash as HGETALL returns it (flat or as an object) back to the merge state. */
export function decodeHash(reply: readonly string[] | Record<string, string>): LwwState {
  const pairs: [string, string][] = [];
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([reply[i]!, reply[i + 1]!]);
  else pairs.push(...Object.entries(reply));
  const clocks = new Map<string, string>();
  const values = new Map<string, string>();
  let tombstone: string | null = null;
  for (const [name, value] of pairs) {
    if (name === "tombstone") tombstone = value;
    else if (name.startsWith("c:")) clocks.set(name.slice(2), value);
    else if (name.startsWith("v:")) values.set(name.slice(2), value);
  }
  const registers: Record<string, Register> = {};
  for (const [field, clock] of clocks) {
    const value = values.get(field);
    if (value !== undefined) registers[field] = { clock, value: JSON.parse(value) as JsonValue };
  }
  return { registers, tombstone };
}

/** An audit entry's stream fields, without its status (a committed write's status is settled in its script). */
export function auditFields(row: Omit<AuditEntry, "status">): string[] {
  const fields = ["at", String(row.at), "user", row.userId, "credential", row.credentialId, "action", row.action, "request", row.requestId];
  if (row.target !== null) fields.push("target", row.target);
  return fields;
}
