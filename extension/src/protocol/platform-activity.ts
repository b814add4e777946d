// What the sync feed has told a client (VS Code, the browser panel): the latest project states (for the platforms list the
// extension must keep), who is in which session, and what other platforms did, as list items. Pure.
import type { Change, Platform, Project, ProjectStatistics, Session } from "#contracts/awareness.js";

export type ActivityKind = "session-active" | "session-left" | "session-ended" | "project-updated" | "project-deleted";

/** One thing another platform did, as stored; labels are made when shown, with the project names known by then. */
export interface ActivityEntry {
  /** The change's clock: unique per user, and its time. */
  clock: string;
  /** Epoch ms the cloud committed the change. */
  at: number;
  kind: ActivityKind;
  projectId: string;
  /** The project's name when this happened, for a project since deleted. */
  projectName: string | null;
  /** `session:<id>` or `project:<id>`: a newer "active" entry of the same session replaces the older one. */
  subject: string;
  /** "Claude", "VS Code (another window)"; null for project entries. */
  who: string | null;
  /** The numbers of a project update; the project a session moved to. */
  statistics: ProjectStatistics | null;
  movedTo: string | null;
  /** More to read in the tooltip: the session's context, the strengths and gaps. */
  note: string;
}

/** An entry as the view shows it. */
export interface ActivityItem extends ActivityEntry {
  label: string;
  detail: string;
}

export interface KnownSession {
  platform: Platform;
  active_project: string | null;
}

export interface FeedState {
  version: 1;
  /** The public id of the API key whose user this feed belongs to. */
  keyId: string | null;
  /** The last change clock received: a reconnect subscribes from here. */
  since: string | null;
  projects: Record<string, { name: string; platforms: Platform[] }>;
  sessions: Record<string, KnownSession>;
  /** Newest first. */
  items: ActivityEntry[];
}

/** Who "this editor" is, to leave its own session and its own project updates out. */
export interface Perspective {
  ownSessionId: string;
  /** The statistics this editor sent lately for a project: a change carrying the same numbers is its own echo. */
  sentStatistics(projectId: string): readonly ProjectStatistics[];
}

export const EMPTY_FEED: FeedState = { version: 1, keyId: null, since: null, projects: {}, sessions: {}, items: [] };
/** Items kept across all projects; the view shows at most VIEW_LIMIT of the active one. */
export const MAX_ITEMS = 200;
export const VIEW_LIMIT = 50;
/** Sessions and projects remembered; the least recently changed go first (an expired session may never send its end). */
export const MAX_KNOWN = 500;

export const PLATFORM_NAMES: Record<Platform, string> = { vscode: "VS Code", claude: "Claude", chatgpt: "ChatGPT", copilot: "Copilot", other: "Another app" };

/** Epoch ms of an encoded clock (its first 15 digits). */
export function clockTime(clock: string): number {
  const ms = Number(clock.slice(0, 15));
  return Number.isFinite(ms) ? ms : 0;
}

function platformName(platform: Platform, sessionId: string, self: Perspective): string {
  return platform === "vscode" && sessionId !== self.ownSessionId ? "VS Code (another window)" : PLATFORM_NAMES[platform];
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

export function statisticsText(statistics: ProjectStatistics): string {
  if (statistics.attempts === 0) return "no attempts yet";
  const parts = [`${statistics.attempts} attempt${statistics.attempts === 1 ? "" : "s"}`];
  if (statistics.accuracy !== null) parts.push(`${percent(statistics.accuracy)} accuracy`);
  return parts.join(", ");
}

function sameStatistics(a: ProjectStatistics, b: ProjectStatistics): boolean {
  return (
    a.attempts === b.attempts && a.accuracy === b.accuracy && a.streak_days === b.streak_days && (a.milestones_reached ?? 0) === (b.milestones_reached ?? 0)
  );
}

function withEntry(items: ActivityEntry[], added: ActivityEntry): ActivityEntry[] {
  if (items.some((i) => i.clock === added.clock && i.subject === added.subject && i.kind === added.kind)) return items;
  // A session that keeps writing stays one "active" line, moved up to its latest time.
  const rest =
    added.kind === "session-active"
      ? items.filter((i) => !(i.kind === "session-active" && i.subject === added.subject && i.projectId === added.projectId))
      : items;
  return [added, ...rest].sort((a, b) => b.at - a.at || (a.clock < b.clock ? 1 : a.clock > b.clock ? -1 : 0)).slice(0, MAX_ITEMS);
}

type Base = Pick<ActivityEntry, "clock" | "at" | "subject">;
const entry = (base: Base, fields: Partial<ActivityEntry> & Pick<ActivityEntry, "kind" | "projectId">): ActivityEntry => ({
  ...base,
  projectName: null,
  who: null,
  statistics: null,
  movedTo: null,
  note: "",
  ...fields,
});

function sessionEntries(state: FeedState, id: string, session: Session | null, base: Base, self: Perspective): ActivityEntry[] {
  const before = state.sessions[id];
  if (session === null) {
    if (!before?.active_project) return [];
    return [entry(base, { kind: "session-ended", projectId: before.active_project, who: platformName(before.platform, id, self), note: `Session ${id}` })];
  }
  const who = platformName(session.platform, id, self);
  const entries: ActivityEntry[] = [];
  if (before?.active_project && before.active_project !== session.active_project) {
    entries.push(entry(base, { kind: "session-left", projectId: before.active_project, who, movedTo: session.active_project, note: `Session ${id}` }));
  }
  if (session.active_project) {
    const context = Object.keys(session.context).length ? `\n${JSON.stringify(session.context).slice(0, 200)}` : "";
    entries.push(entry(base, { kind: "session-active", projectId: session.active_project, who, note: `Session ${id}${context}` }));
  }
  return entries;
}

function projectEntries(state: FeedState, id: string, project: Project | null, base: Base, self: Perspective): ActivityEntry[] {
  if (project === null) return state.projects[id] ? [entry(base, { kind: "project-deleted", projectId: id, projectName: state.projects[id].name })] : [];
  if (self.sentStatistics(id).some((sent) => sameStatistics(sent, project.statistics))) return [];
  const note = [...project.memory_summary.strengths.map((s) => `Strength: ${s}`), ...project.memory_summary.gaps.map((g) => `Gap: ${g}`)].join("\n");
  return [entry(base, { kind: "project-updated", projectId: id, projectName: project.name, statistics: project.statistics, note })];
}

/** The map with `id` set to `value` as its most recent entry (or removed for null), trimmed to MAX_KNOWN. */
function remember<T>(known: Record<string, T>, id: string, value: T | null): Record<string, T> {
  const entries = Object.entries(known).filter(([key]) => key !== id);
  if (value !== null) entries.push([id, value]);
  return Object.fromEntries(entries.slice(-MAX_KNOWN));
}

/** The state after one change from the feed. This editor's own session never becomes an item. */
export function applyChange(state: FeedState, change: Change, self: Perspective): FeedState {
  const since = state.since === null || change.clock > state.since ? change.clock : state.since;
  const base: Base = { clock: change.clock, at: clockTime(change.clock), subject: `${change.entity}:${change.id}` };
  let entries: ActivityEntry[] = [];
  const next: FeedState = { ...state, since };
  if (change.entity === "session") {
    const session = change.deleted ? null : change.state;
    if (change.id !== self.ownSessionId) entries = sessionEntries(state, change.id, session, base, self);
    next.sessions = remember(state.sessions, change.id, session && { platform: session.platform, active_project: session.active_project });
  } else {
    const project = change.deleted ? null : change.state;
    entries = projectEntries(state, change.id, project, base, self);
    next.projects = remember(state.projects, change.id, project && { name: project.name, platforms: project.platforms });
  }
  next.items = entries.reduce(withEntry, state.items);
  return next;
}

/** A snapshot begins: the projects, sessions and position it replaces are dropped; the items stay, as history. */
export function startSnapshot(state: FeedState): FeedState {
  return { ...state, since: null, projects: {}, sessions: {} };
}

/** The replay caught up at `clock`: the next subscribe starts there, past changes withheld from this key or compacted away. */
export function caughtUp(state: FeedState, clock: string | null): FeedState {
  return clock !== null && (state.since === null || clock > state.since) ? { ...state, since: clock } : state;
}

/** The label and detail of an entry, with the project names known now. */
export function describe(state: FeedState, e: ActivityEntry): ActivityItem {
  const name = (id: string) => state.projects[id]?.name ?? (id === e.projectId ? e.projectName : null) ?? id;
  const project = name(e.projectId);
  switch (e.kind) {
    case "session-active":
      return { ...e, label: `${e.who} — active on ${project}`, detail: e.note };
    case "session-left":
      return { ...e, label: `${e.who} left ${project}`, detail: e.movedTo ? `Switched to ${name(e.movedTo)}` : "No longer on a project" };
    case "session-ended":
      return { ...e, label: `${e.who} session ended`, detail: `Was on ${project}\n${e.note}` };
    case "project-updated":
      return { ...e, label: `${project} updated: ${statisticsText(e.statistics!)}`, detail: e.note };
    case "project-deleted":
      return { ...e, label: `${project} deleted`, detail: "Removed from the cloud" };
  }
}

/** What the view lists for the active project: newest first, capped. */
export function itemsFor(state: FeedState, projectId: string | null, limit = VIEW_LIMIT): ActivityItem[] {
  if (projectId === null) return [];
  return state.items
    .filter((i) => i.projectId === projectId)
    .slice(0, limit)
    .map((i) => describe(state, i));
}

/** "just now", "2 min ago", "3 h ago", "yesterday", "4 days ago". */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

/** A persisted state read back defensively: anything unexpected starts a fresh feed (a full replay). */
export function parseFeedState(value: unknown): FeedState {
  if (typeof value !== "object" || value === null) return EMPTY_FEED;
  const candidate = value as Partial<FeedState>;
  const valid =
    candidate.version === 1 &&
    (candidate.keyId === null || typeof candidate.keyId === "string") &&
    (candidate.since === null || typeof candidate.since === "string") &&
    typeof candidate.projects === "object" &&
    candidate.projects !== null &&
    typeof candidate.sessions === "object" &&
    candidate.sessions !== null &&
    Array.isArray(candidate.items);
  return valid ? (candidate as FeedState) : EMPTY_FEED;
}
