import assert from "node:assert/strict";
import {
  applyChange,
  caughtUp,
  clockTime,
  EMPTY_FEED,
  itemsFor,
  MAX_ITEMS,
  MAX_KNOWN,
  parseFeedState,
  relativeTime,
  startSnapshot,
  type FeedState,
  type Perspective,
} from "../../extension/src/protocol/platform-activity.js";
import type { Change, Project, ProjectStatistics, Session } from "../../mcp-server/src/contracts/awareness.js";

const T0 = 1_781_870_400_000;
let counter = 0;
const clockAt = (ms: number) => `${String(ms).padStart(15, "0")}-${String(counter++).padStart(5, "0")}-server`;
const stats = (attempts: number, accuracy: number | null): ProjectStatistics => ({ attempts, accuracy, streak_days: 1 });
const project = (id: string, name: string, statistics: ProjectStatistics, platforms: Project["platforms"] = ["vscode"]): Project => ({
  project_id: id,
  name,
  platforms,
  last_activity: new Date(T0).toISOString(),
  statistics,
  memory_summary: { strengths: ["teamwork: 84% accuracy over 5 attempts"], gaps: [] },
  target_role: null,
});
const session = (id: string, platform: Session["platform"], activeProject: string | null, context: Session["context"] = {}): Session => ({
  session_id: id,
  platform,
  user_id: "elena",
  active_project: activeProject,
  context,
  expires_at: new Date(T0 + 86_400_000).toISOString(),
});
const put = (entity: "project" | "session", state: Project | Session, at: number): Change =>
  entity === "project"
    ? { entity, id: (state as Project).project_id, clock: clockAt(at), deleted: false, state: state as Project }
    : { entity, id: (state as Session).session_id, clock: clockAt(at), deleted: false, state: state as Session };
const gone = (entity: "project" | "session", id: string, at: number): Change => ({ entity, id, clock: clockAt(at), deleted: true });

const self = (sent: Record<string, ProjectStatistics[]> = {}): Perspective => ({ ownSessionId: "my-window", sentStatistics: (id) => sent[id] ?? [] });
const run = (changes: Change[], perspective = self(), from: FeedState = EMPTY_FEED) =>
  changes.reduce((state, change) => applyChange(state, change, perspective), from);
const labels = (state: FeedState, projectId = "vscode:acme") => itemsFor(state, projectId).map((i) => i.label);

describe("What other platforms did, from the sync feed", () => {
  it("names a project once the feed has seen it, even after the item that mentions it", () => {
    const state = run([
      put("session", session("claude-1", "claude", "vscode:acme"), T0),
      put("project", project("vscode:acme", "Acme", stats(1, 0.5)), T0 + 1_000),
    ]);
    assert.deepEqual(labels(state), ["Acme updated: 1 attempt, 50% accuracy", "Claude — active on Acme"]);
  });

  it("lists sessions and project updates on the active project, newest first", () => {
    const state = run([
      put("project", project("vscode:acme", "Acme", stats(3, 0.7)), T0),
      put("session", session("claude-1", "claude", "vscode:acme"), T0 + 1_000),
      put("project", project("vscode:acme", "Acme", stats(14, 0.74), ["vscode", "claude"]), T0 + 2_000),
      put("session", session("gpt-1", "chatgpt", "vscode:acme"), T0 + 3_000),
      gone("session", "gpt-1", T0 + 4_000),
    ]);
    assert.deepEqual(labels(state), [
      "ChatGPT session ended",
      "ChatGPT — active on Acme",
      "Acme updated: 14 attempts, 74% accuracy",
      "Claude — active on Acme",
      "Acme updated: 3 attempts, 70% accuracy",
    ]);
    assert.equal(itemsFor(state, "vscode:acme")[0]!.at, T0 + 4_000, "the time is the change's clock");
    assert.deepEqual(state.projects["vscode:acme"], { name: "Acme", platforms: ["vscode", "claude"] });
    assert.equal(state.sessions["gpt-1"], undefined, "an ended session is forgotten");
    assert.equal(state.since, itemsFor(state, "vscode:acme")[0]!.clock);
  });

  it("leaves out this window's own session and the echoes of numbers it sent", () => {
    const state = run(
      [
        put("session", session("my-window", "vscode", "vscode:acme"), T0),
        put("project", project("vscode:acme", "Acme", stats(3, 0.7)), T0 + 1_000),
        put("session", session("other-window", "vscode", "vscode:acme"), T0 + 2_000),
        gone("session", "my-window", T0 + 3_000),
      ],
      self({ "vscode:acme": [stats(4, 0.75), stats(3, 0.7)] }),
    );
    assert.deepEqual(labels(state), ["VS Code (another window) — active on Acme"]);
  });

  it("keeps one active line per session, moved up to its latest write", () => {
    const state = run([
      put("project", project("vscode:acme", "Acme", stats(3, 0.7)), T0 - 1_000),
      put("session", session("claude-1", "claude", "vscode:acme", { step: 1 }), T0),
      put("session", session("gpt-1", "chatgpt", "vscode:acme"), T0 + 1_000),
      put("session", session("claude-1", "claude", "vscode:acme", { step: 2 }), T0 + 2_000),
    ]);
    assert.deepEqual(labels(state), ["Claude — active on Acme", "ChatGPT — active on Acme", "Acme updated: 3 attempts, 70% accuracy"]);
    assert.match(itemsFor(state, "vscode:acme")[0]!.detail, /"step":2/);
  });

  it("notes a session leaving the project, and shows other projects' items only under them", () => {
    const state = run([
      put("project", project("vscode:beta", "Beta", stats(0, null)), T0),
      put("session", session("claude-1", "claude", "vscode:acme"), T0 + 1_000),
      put("session", session("claude-1", "claude", "vscode:beta"), T0 + 2_000),
    ]);
    assert.deepEqual(labels(state), ["Claude left vscode:acme", "Claude — active on vscode:acme"], "a project the feed has not named is shown by its id");
    assert.equal(itemsFor(state, "vscode:acme")[0]!.detail, "Switched to Beta");
    assert.deepEqual(labels(state, "vscode:beta"), ["Claude — active on Beta", "Beta updated: no attempts yet"]);
    assert.deepEqual(itemsFor(state, null), []);
  });

  it("shows a deleted project once, and ignores the end of a session it never knew", () => {
    const state = run([
      put("project", project("vscode:acme", "Acme", stats(1, 1)), T0),
      gone("project", "vscode:acme", T0 + 1_000),
      gone("project", "vscode:acme", T0 + 2_000),
      gone("session", "unknown", T0 + 3_000),
    ]);
    assert.deepEqual(labels(state), ["Acme deleted", "Acme updated: 1 attempt, 100% accuracy"]);
  });

  it("ignores a change it has already applied (a replay overlapping what it saw)", () => {
    const change = put("session", session("claude-1", "claude", "vscode:acme"), T0);
    const once = run([change]);
    assert.deepEqual(run([change], self(), once).items, once.items);
  });

  it("caps what it keeps, forgetting the sessions changed least recently", () => {
    const changes = Array.from({ length: MAX_KNOWN + 20 }, (_, i) => put("session", session(`s-${i}`, "claude", "vscode:acme"), T0 + i));
    const state = run([...changes, put("session", session("s-0", "claude", "vscode:acme"), T0 + MAX_KNOWN + 20)]);
    assert.equal(state.items.length, MAX_ITEMS);
    assert.equal(itemsFor(state, "vscode:acme").length, 50);
    assert.equal(itemsFor(state, "vscode:acme")[0]!.subject, "session:s-0");
    assert.equal(Object.keys(state.sessions).length, MAX_KNOWN);
    assert.ok(state.sessions["s-0"] && !state.sessions["s-1"], "s-0 wrote again, s-1 is the oldest");
  });

  it("reads times from clocks and says them the way people do", () => {
    assert.equal(clockTime(clockAt(T0)), T0);
    assert.equal(relativeTime(T0, T0 + 10_000), "just now");
    assert.equal(relativeTime(T0, T0 + 2 * 60_000), "2 min ago");
    assert.equal(relativeTime(T0, T0 + 3 * 3_600_000), "3 h ago");
    assert.equal(relativeTime(T0, T0 + 26 * 3_600_000), "yesterday");
    assert.equal(relativeTime(T0, T0 + 4 * 86_400_000), "4 days ago");
  });

  it("a snapshot replaces the projects and sessions held: one deleted while away is gone, the history stays", () => {
    const acme = put("project", project("vscode:acme", "Acme", stats(1, 1)), T0);
    const held = run([
      acme,
      put("project", project("vscode:globex", "Globex", stats(2, 0.5)), T0 + 1_000),
      put("session", session("claude-1", "claude", "vscode:globex"), T0 + 2_000),
    ]);
    // The snapshot lists acme at the clock it was seen with: it has not changed since.
    const snapshot = [acme];
    const replaced = run(snapshot, self(), startSnapshot(held));
    assert.deepEqual(Object.keys(replaced.projects), ["vscode:acme"]);
    assert.deepEqual(replaced.sessions, {});
    assert.deepEqual(replaced.items, held.items, "what other platforms did is history, kept as it was");
    assert.deepEqual(
      Object.keys(run(snapshot, self(), held).projects).sort(),
      ["vscode:acme", "vscode:globex"],
      "merged instead, the deleted project would stay",
    );
    assert.equal(replaced.since, snapshot[0]!.clock, "the position starts over with the snapshot");
  });

  it("takes the live clock as its position when it is later than the last change", () => {
    const state = run([put("project", project("vscode:acme", "Acme", stats(1, 1)), T0)]);
    const head = clockAt(T0 + 5_000);
    assert.equal(caughtUp(state, head).since, head, "past deletes and sessions this key may not see");
    assert.equal(caughtUp(state, clockAt(T0 - 5_000)).since, state.since, "never back");
    assert.equal(caughtUp(state, null), state);
    assert.equal(caughtUp(startSnapshot(EMPTY_FEED), head).since, head);
  });

  it("starts a fresh feed from a stored value it does not recognise", () => {
    assert.equal(parseFeedState(undefined), EMPTY_FEED);
    assert.equal(parseFeedState({ version: 2 }), EMPTY_FEED);
    const stored = run([put("session", session("claude-1", "claude", "vscode:acme"), T0)]);
    assert.deepEqual(parseFeedState(JSON.parse(JSON.stringify(stored))), stored);
  });
});
