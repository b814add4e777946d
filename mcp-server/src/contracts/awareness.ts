import { z } from "zod";
import { CLOCK_PATTERN, CLOCK_RULE } from "./clock.js";
import { isoTimestamp, nonEmptyText } from "./common.js";

/** Project awareness: which interview project is active on which platform, shared across platforms. */

export const AWARENESS_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const awarenessIdSchema = (what: string) =>
  z.string({ error: `must be text (${what})` }).regex(AWARENESS_ID_PATTERN, { error: `must be 1–128 letters, digits, '_', '.', ':' or '-' (${what})` });

export const PLATFORMS = ["vscode", "claude", "chatgpt", "copilot", "other"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const platformSchema = z.enum(PLATFORMS, { error: `must be one of: ${PLATFORMS.join(", ")}` });

/** A regex, not a refinement, so the OpenAPI document states the same rule the routes enforce. */
export const clockSchema = z
  .string({ error: CLOCK_RULE })
  .regex(CLOCK_PATTERN, { error: CLOCK_RULE })
  .describe("Hybrid logical clock: 15-digit ms, 5-digit counter, node id; sorts as text in clock order");

/** Idempotency-Key header values: visible ASCII, as UUIDs and most client libraries produce. */
export const idempotencyKeySchema = z
  .string({ error: "must be text (the idempotency key)" })
  .regex(/^[\x21-\x7e]{1,255}$/, { error: "must be 1–255 visible ASCII characters (the idempotency key)" });

const timestampInput = z.iso
  .datetime({ offset: true, error: "must be an ISO-8601 date and time, e.g. 2026-05-01T09:30:00Z" })
  // Years 0000 and 9999 can cross out of four digits in UTC (9999-12-31T23:00-14:00), which no answer could write back.
  .regex(/^(?!0000|9999)/, { error: "must fall in the years 0001 to 9998" })
  .meta({ format: "date-time" });
const count = (what: string, max: number) =>
  z
    .number({ error: `must be a whole number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .min(0, { error: `must be ≥ 0 (${what})` })
    .max(max, { error: `must be at most ${max} (${what})` });
const summaryItem = nonEmptyText("a strength or gap", 200);

/** Closed on purpose: every platform reads the same numbers, so a new one is a contract change. */
export const statisticsSchema = z.strictObject({
  attempts: count("practice attempts", 10_000_000),
  accuracy: z
    .number({ error: "must be a number from 0 to 1, or null before the first attempt" })
    .min(0, { error: "must be from 0 to 1" })
    .max(1, { error: "must be from 0 to 1" })
    .nullable(),
  streak_days: count("consecutive practice days", 36_500),
  trials: count("A/B trials judged", 10_000_000).optional(),
  milestones_reached: count("milestones reached", 10_000).optional(),
});
export type ProjectStatistics = z.infer<typeof statisticsSchema>;

export const memorySummarySchema = z.strictObject({
  strengths: z.array(summaryItem).max(20, { error: "must list at most 20 strengths" }),
  gaps: z.array(summaryItem).max(20, { error: "must list at most 20 gaps" }),
  notes: z.string({ error: "must be text (notes)" }).max(2_000, { error: "must be at most 2000 characters (notes)" }).optional(),
});
export type MemorySummary = z.infer<typeof memorySummarySchema>;

/** The job the person is preparing for, as their job-fit analysis saved it: what other platforms should coach towards. */
export const targetRoleSummarySchema = z.strictObject({
  role: nonEmptyText("the target role", 200),
  company: z.string({ error: "must be text (the target company)" }).max(200, { error: "must be at most 200 characters (the target company)" }).nullable(),
  fit: z
    .number({ error: "must be a number from 0 to 100 (fit)" })
    .min(0, { error: "must be from 0 to 100 (fit)" })
    .max(100, { error: "must be from 0 to 100 (fit)" })
    .nullable(),
  focus: z.array(nonEmptyText("a competency to focus on", 64)).max(20, { error: "must list at most 20 competencies (focus)" }),
  gaps: z.array(summaryItem).max(20, { error: "must list at most 20 gaps" }),
});
export type TargetRoleSummary = z.infer<typeof targetRoleSummarySchema>;

export const MAX_CONTEXT_CHARS = 16_384;
const MAX_CONTEXT_DEPTH = 8;

/** Free-form state a platform keeps with its session, bounded so one session cannot grow without limit. */
export const sessionContextSchema = z
  .record(z.string().max(64, { error: "keys must be at most 64 characters (context)" }), z.json({ error: "must be JSON values (context)" }), {
    error: "must be a JSON object (context)",
  })
  .refine((value) => JSON.stringify(value).length <= MAX_CONTEXT_CHARS, { error: `must be at most ${MAX_CONTEXT_CHARS} characters as JSON (context)` })
  .refine((value) => depth(value) <= MAX_CONTEXT_DEPTH, { error: `must nest at most ${MAX_CONTEXT_DEPTH} levels deep (context)` });
export type SessionContext = z.infer<typeof sessionContextSchema>;

const PROJECT_FIELDS = ["name", "platforms", "last_activity", "statistics", "memory_summary", "target_role"] as const;
export const SESSION_FIELDS = ["platform", "active_project", "context", "expires_at"] as const;

/** A PUT must set a field, not only send a clock; stated as anyOf as well, so the OpenAPI document refuses the bodies the route refuses. */
export function settingAField<S extends z.ZodObject<z.ZodRawShape>>(schema: S, fields: readonly string[]) {
  return schema
    .refine((value: Record<string, unknown>) => fields.some((f) => value[f] !== undefined), { error: `must set at least one of: ${fields.join(", ")}` })
    .meta({ anyOf: fields.map((field) => ({ required: [field] })) });
}

/** A PUT sets only the fields it carries; each field is last-writer-wins by `clock` (the server's clock when absent). */
export const projectPutInput = settingAField(
  z.strictObject({
    name: nonEmptyText("the project's name", 200).optional(),
    platforms: z
      .array(platformSchema)
      .refine((list) => new Set(list).size === list.length, { error: "must list each platform at most once" })
      .optional(),
    last_activity: timestampInput.optional(),
    statistics: statisticsSchema.optional(),
    memory_summary: memorySummarySchema.optional(),
    target_role: targetRoleSummarySchema.nullable().optional().describe("The job being prepared for; null clears it"),
    clock: clockSchema.optional(),
  }),
  PROJECT_FIELDS,
);
export type ProjectPut = z.infer<typeof projectPutInput>;

export const sessionPutInput = settingAField(
  z.strictObject({
    platform: platformSchema.optional(),
    active_project: awarenessIdSchema("the active project's id").nullable().optional(),
    context: sessionContextSchema.optional(),
    expires_at: timestampInput.optional(),
    clock: clockSchema.optional(),
  }),
  SESSION_FIELDS,
);
export type SessionPut = z.infer<typeof sessionPutInput>;

export const deleteInput = z.strictObject({ clock: clockSchema.optional() });

const limitInput = z
  .number({ error: "must be a whole number from 1 to 1000 (limit)" })
  .int({ error: "must be a whole number from 1 to 1000 (limit)" })
  .min(1, { error: "must be at least 1 (limit)" })
  .max(1_000, { error: "must be at most 1000 (limit)" });

export const projectListQuery = z.strictObject({
  platform: platformSchema.optional(),
  active_since: timestampInput.optional().describe("Only projects whose last_activity is at or after this time"),
  limit: limitInput.optional(),
});
export const sessionListQuery = z.strictObject({
  platform: platformSchema.optional(),
  active_project: awarenessIdSchema("the active project's id").optional(),
  active_since: timestampInput.optional().describe("Only sessions written to at or after this time"),
  limit: limitInput.optional(),
});
export const changesQuery = z.strictObject({
  since: clockSchema.optional().describe("Where the client stands: next_since of the last page it read; absent: start from a snapshot"),
  limit: limitInput.optional(),
  snapshot: z
    .literal("continue", { error: 'must be "continue" (snapshot)' })
    .optional()
    .describe("continue: the client is paging on through a snapshot begun on an earlier page: the changes after since, never another snapshot"),
});

export const projectSchema = z.object({
  project_id: z.string(),
  name: z.string(),
  platforms: z.array(platformSchema),
  last_activity: isoTimestamp,
  statistics: statisticsSchema,
  memory_summary: memorySummarySchema,
  target_role: targetRoleSummarySchema.nullable(),
});
export type Project = z.infer<typeof projectSchema>;

export const sessionSchema = z.object({
  session_id: z.string(),
  platform: platformSchema,
  user_id: z.string(),
  active_project: z.string().nullable(),
  context: z.record(z.string(), z.json()),
  expires_at: isoTimestamp,
});
export type Session = z.infer<typeof sessionSchema>;

export const AWARENESS_ENTITIES = ["project", "session"] as const;
export type AwarenessEntity = (typeof AWARENESS_ENTITIES)[number];

/** One committed change, ordered per user by `clock`; `deleted` also covers a session that has expired. */
export const changeSchema = z.union([
  z.object({ entity: z.literal("project"), id: z.string(), clock: z.string(), deleted: z.literal(false), state: projectSchema }),
  z.object({ entity: z.literal("session"), id: z.string(), clock: z.string(), deleted: z.literal(false), state: sessionSchema }),
  z.object({ entity: z.enum(AWARENESS_ENTITIES), id: z.string(), clock: z.string(), deleted: z.literal(true) }),
]);
export type Change = z.infer<typeof changeSchema>;

/** The marker both the REST page and the WebSocket carry; its meaning, once, for every client. */
export const SNAPSHOT_RULE =
  "The changes are the current state (live projects and sessions, no deletes), not what changed: drop every project and session held before applying them. " +
  "Sent when since is absent, or older than a change the server has compacted away (a delete past its tombstone horizon).";

/** One page of the change feed, as GET /v1/changes answers it. */
export const changesPageSchema = z.object({
  changes: z.array(changeSchema).describe("Per entity its latest change after since, in clock order"),
  has_more: z.boolean().describe("More follow: ask again with since=next_since, adding snapshot=continue after a snapshot page"),
  next_since: z.string().nullable().describe("The since for the next request: this page's last clock while more follow, else the user's latest change"),
  snapshot: z.boolean().describe(`true on a snapshot. ${SNAPSHOT_RULE}`),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

/**
 * Browsers cannot set Authorization on a WebSocket, so a browser client offers two subprotocols: this
 * one, which the server selects, and its bearer credential as `bearer.<token>` (as Kubernetes' API server takes one).
 */
export const SYNC_SUBPROTOCOL = "interview-coach.sync.v1";
export const BEARER_SUBPROTOCOL_PREFIX = "bearer.";

/** What the /v1/sync WebSocket sends, in order: an optional snapshot marker, the replay, "live", then live changes. */
export const syncServerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("change"), change: changeSchema }),
  /** Before the replay, when it is a snapshot: the changes up to "live" are the whole state. */
  z.object({ type: z.literal("snapshot") }).describe(SNAPSHOT_RULE),
  /** The replay has caught up: subscribe from `clock` next time unless later changes arrive. */
  z.object({ type: z.literal("live"), clock: z.string().nullable() }),
  z.object({ type: z.literal("error"), field: z.string(), rule: z.string() }),
]);
export type SyncServerMessage = z.infer<typeof syncServerMessageSchema>;

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (value !== null && typeof value === "object") return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}
