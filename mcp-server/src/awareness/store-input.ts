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
    credentialId: checkText(entry.credentialId, "credentialId", 200),
    action: checkText(entry.action, "action", 1_000),
    target: entry.target ?? null,
    requestId: checkText(entry.requestId, "requestId", 200),
    status: entry.status ?? null,
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
