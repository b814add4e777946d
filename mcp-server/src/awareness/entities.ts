import type {
  AwarenessEntity,
  Change,
  MemorySummary,
  Platform,
  Project,
  ProjectPut,
  ProjectStatistics,
  Session,
  TargetRoleSummary,
  SessionContext,
  SessionPut,
} from "../contracts/awareness.js";
import type { JsonValue } from "./canonical-json.js";
import { clockMs } from "../contracts/hlc.js";
import { isLive, newestClock, type LwwState } from "./lww.js";

/**
 * How projects and sessions are kept as last-writer-wins registers, and read back as the
 * contract's views. Timestamps are stored as epoch milliseconds so the Redis scripts can read them.
 */

export interface ProjectFilter {
  platform?: Platform;
  /** Epoch ms: only projects whose last_activity is at or after it. */
  activeSince?: number;
  limit?: number;
}

export interface SessionFilter {
  platform?: Platform;
  activeProject?: string;
  /** Epoch ms: only sessions written to at or after it. */
  activeSince?: number;
  limit?: number;
}

export const DEFAULT_LIST_LIMIT = 100;
const NO_STATISTICS: ProjectStatistics = { attempts: 0, accuracy: null, streak_days: 0 };

export function projectRegisters(put: ProjectPut): Record<string, JsonValue> {
  const fields: Record<string, JsonValue> = {};
  if (put.name !== undefined) fields.name = put.name;
  // A set: one spelling per set, so equal sets written concurrently compare equal.
  if (put.platforms !== undefined) fields.platforms = [...new Set(put.platforms)].sort();
  if (put.last_activity !== undefined) fields.last_activity = Date.parse(put.last_activity);
  if (put.statistics !== undefined) fields.statistics = plain(put.statistics);
  if (put.memory_summary !== undefined) fields.memory_summary = plain(put.memory_summary);
  if (put.target_role !== undefined) fields.target_role = put.target_role === null ? null : plain(put.target_role);
  return fields;
}

export function sessionRegisters(put: SessionPut): Record<string, JsonValue> {
  const fields: Record<string, JsonValue> = {};
  if (put.platform !== undefined) fields.platform = put.platform;
  if (put.active_project !== undefined) fields.active_project = put.active_project;
  if (put.context !== undefined) fields.context = plain(put.context);
  if (put.expires_at !== undefined) fields.expires_at = Date.parse(put.expires_at);
  return fields;
}

/** The latest physical time any field was written, from the clocks. */
export function lastWriteMs(state: LwwState): number | null {
  const newest = newestClock(state);
  return newest === null ? null : clockMs(newest);
}

/** Views already built, by the state they show: a state object never changes, so neither does its view. */
const sharedViews = new WeakMap<LwwState, Project>();

/**
 * The project's view built once per state and frozen, for readers that only send it on: a cached
 * state is read by every request for the project, and building the view was a large part of one.
 */
export function sharedProjectView(projectId: string, state: LwwState): Project | null {
  const known = sharedViews.get(state);
  if (known?.project_id === projectId) return known;
  const view = projectView(projectId, state);
  if (!view) return null;
  sharedViews.set(state, frozenJson(view));
  return view;
}

/** Freezes a JSON value and everything in it, so a view shared between readers cannot be changed by one of them. */
function frozenJson<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozenJson(inner);
    Object.freeze(value);
  }
  return value;
}

export function projectView(projectId: string, state: LwwState): Project | null {
  if (!isLive(state)) return null;
  const r = state.registers;
  const memory = r.memory_summary?.value as MemorySummary | undefined;
  const target = r.target_role?.value as TargetRoleSummary | null | undefined;
  return {
    project_id: projectId,
    name: typeof r.name?.value === "string" ? r.name.value : projectId,
    platforms: [...((r.platforms?.value as Platform[] | undefined) ?? [])],
    last_activity: new Date(typeof r.last_activity?.value === "number" ? r.last_activity.value : lastWriteMs(state)!).toISOString(),
    statistics: { ...((r.statistics?.value as ProjectStatistics | undefined) ?? NO_STATISTICS) },
    memory_summary: memory ? { ...memory, strengths: [...memory.strengths], gaps: [...memory.gaps] } : { strengths: [], gaps: [] },
    target_role: target ? { ...target, focus: [...target.focus], gaps: [...target.gaps] } : null,
  };
}

/** An explicit expires_at, else `sessionTtlMs` after the latest write: derived from the state alone, so every instance agrees. */
export function sessionExpiresAt(state: LwwState, sessionTtlMs: number): number | null {
  if (!isLive(state)) return null;
  const explicit = state.registers.expires_at?.value;
  return typeof explicit === "number" ? explicit : lastWriteMs(state)! + sessionTtlMs;
}

/** The session as stored, whether or not it has expired. */
export function sessionView(userId: string, sessionId: string, state: LwwState, sessionTtlMs: number): Session | null {
  const expiresAt = sessionExpiresAt(state, sessionTtlMs);
  if (expiresAt === null) return null;
  const r = state.registers;
  return {
    session_id: sessionId,
    platform: (r.platform?.value as Platform | undefined) ?? "other",
    user_id: userId,
    active_project: typeof r.active_project?.value === "string" ? r.active_project.value : null,
    context: structuredClone((r.context?.value as SessionContext | undefined) ?? {}),
    expires_at: new Date(expiresAt).toISOString(),
  };
}

/** Whether callers see the entity: a project while any field is set, a session until it expires. The Redis write script mirrors it. */
export function isVisible(entity: AwarenessEntity, state: LwwState, sessionTtlMs: number, now: number): boolean {
  if (entity === "project") return isLive(state);
  const expiresAt = sessionExpiresAt(state, sessionTtlMs);
  return expiresAt !== null && expiresAt > now;
}

/** The session as callers see it: gone once it has expired. */
export function liveSession(userId: string, sessionId: string, state: LwwState, sessionTtlMs: number, now: number): Session | null {
  return isVisible("session", state, sessionTtlMs, now) ? sessionView(userId, sessionId, state, sessionTtlMs) : null;
}

export function changeFor(entity: AwarenessEntity, userId: string, id: string, clock: string, state: LwwState, sessionTtlMs: number, now: number): Change {
  if (entity === "project") {
    const project = projectView(id, state);
    return project ? { entity, id, clock, deleted: false, state: project } : { entity, id, clock, deleted: true };
  }
  const session = liveSession(userId, id, state, sessionTtlMs, now);
  return session ? { entity, id, clock, deleted: false, state: session } : { entity, id, clock, deleted: true };
}

/** Most recently active first, then by id, so pages are stable. */
export function selectProjects(projects: readonly Project[], filter: ProjectFilter = {}): Project[] {
  return projects
    .filter((p) => !filter.platform || p.platforms.includes(filter.platform))
    .filter((p) => filter.activeSince === undefined || Date.parse(p.last_activity) >= filter.activeSince)
    .sort((a, b) => Date.parse(b.last_activity) - Date.parse(a.last_activity) || (a.project_id < b.project_id ? -1 : 1))
    .slice(0, filter.limit ?? DEFAULT_LIST_LIMIT);
}

export interface SessionRow {
  session: Session;
  lastWriteMs: number;
}

export function selectSessions(rows: readonly SessionRow[], filter: SessionFilter = {}): Session[] {
  return rows
    .filter((r) => !filter.platform || r.session.platform === filter.platform)
    .filter((r) => filter.activeProject === undefined || r.session.active_project === filter.activeProject)
    .filter((r) => filter.activeSince === undefined || r.lastWriteMs >= filter.activeSince)
    .sort((a, b) => b.lastWriteMs - a.lastWriteMs || (a.session.session_id < b.session.session_id ? -1 : 1))
    .slice(0, filter.limit ?? DEFAULT_LIST_LIMIT)
    .map((r) => r.session);
}

/** Validated input as plain JSON: optional keys left out rather than undefined. */
function plain(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
