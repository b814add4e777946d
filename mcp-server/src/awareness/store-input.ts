import type { z } from "zod";
import { awarenessIdSchema, idempotencyKeySchema } from "../contracts/awareness.js";
import { CoachInputError } from "../errors.js";
import {
  DEFAULT_AWARENESS_POLICY,
  type AuditEntry,
  type AwarenessChangeEvent,
  type AwarenessPolicy,
  type AwarenessStoreOptions,
  type ChangeListener,
  type NewAuditEntry,
  type WriteAudit,
} from "./awareness-store.js";

/** Checks both stores apply before touching a record: ids end up in keys and WHERE clauses. */

const userIdSchema = awarenessIdSchema("the user id");
const entityIdSchema = awarenessIdSchema("the id");
const MAX_LIST_LIMIT = 1_000;

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new CoachInputError(issue.path.length ? issue.path.join(".") : field, issue.message);
}

export function checkUserId(userId: string): string {
  return parseInput(userIdSchema, userId, "user_id");
}

export function checkEntityId(id: string, field: string): string {
  return parseInput(entityIdSchema, id, field);
}

export function checkIdempotencyKey(key: string): string {
  return parseInput(idempotencyKeySchema, key, "Idempotency-Key");
}

export function checkLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new CoachInputError("limit", `must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
  return limit;
}

export function checkText(value: string, field: string, max: number): string {
  if (typeof value !== "string" || value.length === 0 || value.length > max) throw new CoachInputError(field, `must be 1–${max} characters`);
  return value;
}

export function resolvePolicy(options: AwarenessStoreOptions): AwarenessPolicy {
  const policy = { ...DEFAULT_AWARENESS_POLICY };
  for (const key of Object.keys(policy) as (keyof AwarenessPolicy)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new CoachInputError(key, "must be a positive number of milliseconds");
    policy[key] = value;
  }
  return policy;
}

/** The entry as stored: checked, with its time and optional parts filled in. */
export function auditRow(entry: NewAuditEntry, now: number): AuditEntry {
  return {
    at: entry.at ?? now,
    userId: checkUserId(entry.userId),
    ...checkAuditText(entry),
    target: entry.target ?? null,
    status: entry.status ?? null,
  };
}

/** A write's audit entry, checked before the write starts, so a bad one fails the write with nothing stored. */
export function checkWriteAudit(audit: WriteAudit): WriteAudit {
  checkAuditText(audit);
  if (audit.target !== null) checkText(audit.target, "target", 200);
  for (const status of [audit.status.visible, audit.status.hidden]) {
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new CoachInputError("status", "must be an HTTP status from 100 to 599");
  }
  return audit;
}

/** The entry committed with its write: stamped at the commit, with the status the merge decided. */
export function committedAuditRow(userId: string, audit: WriteAudit, at: number, visible: boolean): AuditEntry {
  const { credentialId, action, target, requestId } = audit;
  return { at, userId, credentialId, action, target, requestId, status: visible ? audit.status.visible : audit.status.hidden };
}

function checkAuditText(entry: Pick<AuditEntry, "credentialId" | "action" | "requestId">): Pick<AuditEntry, "credentialId" | "action" | "requestId"> {
  return {
    credentialId: checkText(entry.credentialId, "credentialId", 200),
    action: checkText(entry.action, "action", 1_000),
    requestId: checkText(entry.requestId, "requestId", 200),
  };
}

/** Listeners of committed changes; one that throws is reported and the others still hear the change. */
export class ChangeListeners {
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  get size(): number {
    return this.listeners.size;
  }

  add(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AwarenessChangeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
