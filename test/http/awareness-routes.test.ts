import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Change, ChangesPage, Project, Session } from "../../mcp-server/src/contracts/awareness.js";
import { createKey, keyIdOf, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { call, clockAt, UNLIMITED, type Problem } from "./awareness-client.js";

const ALL = ["project:read", "project:write", "session:sync"];

describe("awareness routes: projects, sessions, changes", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let ada: string;
  let bob: string;
  let readOnly: string;
  let writeOnly: string;
  let projectsOnly: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-awareness-"));
    [ada, bob, readOnly, writeOnly, projectsOnly] = await Promise.all([
      createKey(dir, "ada", ALL),
      createKey(dir, "bob", ALL),
      createKey(dir, "ada", ["project:read"]),
      createKey(dir, "ada", ["project:write"]),
      createKey(dir, "ada", ["project:read", "project:write"]),
    ]);
    coach = await startHttpCoach({ dataDir: dir, args: ["--body-limit", "32768", ...UNLIMITED] });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (credential: string | null, route: string, body: unknown, headers?: Record<string, string>) =>
    call(coach, "PUT", route, credential, body, headers);
  const get = <T = unknown>(credential: string | null, route: string) => call<T>(coach, "GET", route, credential);
  const del = (credential: string | null, route: string, body?: unknown) => call(coach, "DELETE", route, credential, body);

  it("PUT a project answers the merged state with its clocks; GET reads it back; later PUTs merge per field", async () => {
    const first = await put(ada, "/v1/projects/interview-acme", {
      name: "Acme",
      platforms: ["vscode"],
      statistics: { attempts: 3, accuracy: 0.5, streak_days: 1 },
    });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, {
      project_id: "interview-acme",
      name: "Acme",
      platforms: ["vscode"],
      last_activity: (first.body as Project).last_activity,
      statistics: { attempts: 3, accuracy: 0.5, streak_days: 1 },
      memory_summary: { strengths: [], gaps: [] },
      target_role: null,
    });
    const changeClock = first.headers.get("awareness-clock")!;
    assert.match(changeClock, /^\d{15}-\d{5}-.+$/);
    assert.match(first.headers.get("awareness-write-clock")!, /^\d{15}-\d{5}-.+$/);

    const second = await put(ada, "/v1/projects/interview-acme", {
      platforms: ["claude", "vscode"],
      memory_summary: { strengths: ["clear STAR structure"], gaps: ["metrics"] },
    });
    assert.equal(second.status, 200);
    const merged = second.body as Project;
    assert.equal(merged.name, "Acme", "fields not in the PUT keep their value");
    assert.deepEqual(merged.platforms, ["claude", "vscode"]);
    assert.ok(second.headers.get("awareness-clock")! > changeClock, "change clocks grow");

    const read = await get<Project>(ada, "/v1/projects/interview-acme");
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, merged);

    const target = {
      role: "Staff Platform Engineer",
      company: "Harborline Payments",
      fit: 68,
      focus: ["mentoring"],
      gaps: ["Terraform: not in your skills or stories"],
    };
    const targeted = await put(ada, "/v1/projects/interview-acme", { target_role: target });
    assert.deepEqual((targeted.body as Project).target_role, target);
    assert.equal((targeted.body as Project).name, "Acme");
    const cleared = await put(ada, "/v1/projects/interview-acme", { target_role: null });
    assert.equal((cleared.body as Project).target_role, null);
  });

  it("a write with an older client clock loses field by field, changes nothing and answers the current state", async () => {
    const now = Date.now();
    const newer = await put(ada, "/v1/projects/lww", { name: "Newer", clock: clockAt(now, "claude") });
    const older = await put(ada, "/v1/projects/lww", { name: "Older", platforms: ["chatgpt"], clock: clockAt(now - 5_000, "vscode") });
    assert.equal(older.status, 200);
    assert.equal((older.body as Project).name, "Newer");
    assert.deepEqual((older.body as Project).platforms, ["chatgpt"], "a field nobody wrote later is taken");
    assert.equal(older.headers.get("awareness-write-clock"), clockAt(now - 5_000, "vscode"));
    const stale = await put(ada, "/v1/projects/lww", { name: "Stale", clock: clockAt(now - 6_000, "vscode") });
    assert.equal(stale.status, 200);
    assert.equal(stale.headers.get("awareness-clock"), null, "nothing changed: no change clock");
    assert.equal((stale.body as Project).name, "Newer");
    assert.ok(newer.headers.get("awareness-clock"));
  });

  it("DELETE: 204 and gone; 404 the second time; an older write arriving after the delete stays out (409 superseded)", async () => {
    const now = Date.now();
    await put(ada, "/v1/projects/doomed", { name: "Doomed", clock: clockAt(now - 2_000, "vscode") });
    const deleted = await del(ada, "/v1/projects/doomed", { clock: clockAt(now, "claude") });
    assert.equal(deleted.status, 204);
    assert.ok(deleted.headers.get("awareness-clock"));
    assert.equal((await get(ada, "/v1/projects/doomed")).status, 404);
    const again = await del(ada, "/v1/projects/doomed");
    assert.equal(again.status, 404);
    assert.equal((again.body as Problem).type, "urn:interview-coach:problem:not-found");
    const late = await put(ada, "/v1/projects/doomed", { name: "Late", clock: clockAt(now - 1_000, "vscode") });
    assert.equal(late.status, 409);
    assert.equal((late.body as Problem).type, "urn:interview-coach:problem:superseded");
    assert.equal((await get(ada, "/v1/projects/doomed")).status, 404);
    const revived = await put(ada, "/v1/projects/doomed", { name: "Revived" });
    assert.equal(revived.status, 200, "a write after the delete brings it back");
  });

  it("GET /v1/projects filters by platform and active_since, honours limit, newest activity first", async () => {
    const user = await createKey(dir, "lister", ALL);
    await put(user, "/v1/projects/old", { name: "Old", platforms: ["vscode"], last_activity: "2026-01-01T00:00:00Z" });
    await put(user, "/v1/projects/mid", { name: "Mid", platforms: ["claude"], last_activity: "2026-03-01T00:00:00Z" });
    await put(user, "/v1/projects/new", { name: "New", platforms: ["vscode", "claude"], last_activity: "2026-05-01T00:00:00Z" });
    const ids = async (query: string) => ((await get<{ projects: Project[] }>(user, `/v1/projects${query}`)).body.projects ?? []).map((p) => p.project_id);
    assert.deepEqual(await ids(""), ["new", "mid", "old"]);
    assert.deepEqual(await ids("?platform=vscode"), ["new", "old"]);
    assert.deepEqual(await ids("?active_since=2026-02-15T00:00:00Z"), ["new", "mid"]);
    assert.deepEqual(await ids("?platform=claude&limit=1"), ["new"]);
    const bad = await get<Problem>(user, "/v1/projects?platform=emacs&limit=0&colour=red");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors!.map((e) => e.field).sort(), ["limit", "platform", "query"].sort());
  });

  it("sessions: user_id is the caller's, never the body's; lists filter by platform and active project; DELETE ends one", async () => {
    const created = await put(ada, "/v1/sessions/vscode-1", { platform: "vscode", active_project: "interview-acme", context: { file: "answers/q1.md" } });
    assert.equal(created.status, 200);
    const session = created.body as Session;
    assert.equal(session.user_id, "ada");
    assert.equal(session.platform, "vscode");
    assert.ok(Date.parse(session.expires_at) > Date.now() + 23 * 3_600_000, "a default lifetime of a day");
    const spoofed = await put(ada, "/v1/sessions/vscode-1", { platform: "vscode", user_id: "bob" });
    assert.equal(spoofed.status, 400);
    assert.deepEqual((spoofed.body as Problem).errors, [{ field: "user_id", rule: "must not be sent: a session belongs to the user of the credential" }]);
    await put(ada, "/v1/sessions/claude-1", { platform: "claude", active_project: "other" });
    const ids = async (query: string) =>
      ((await get<{ sessions: Session[] }>(ada, `/v1/sessions${query}`)).body.sessions ?? []).map((s) => s.session_id).sort();
    assert.deepEqual(await ids(""), ["claude-1", "vscode-1"]);
    assert.deepEqual(await ids("?platform=claude"), ["claude-1"]);
    assert.deepEqual(await ids("?active_project=interview-acme"), ["vscode-1"]);
    assert.deepEqual((await get(ada, "/v1/sessions/vscode-1")).body, session);
    assert.equal((await del(ada, "/v1/sessions/claude-1")).status, 204);
    assert.deepEqual(await ids(""), ["vscode-1"]);
    assert.equal((await get(ada, "/v1/sessions/claude-1")).status, 404);
  });

  it("a session expires at its expires_at: gone from GET and lists, reported deleted in the change feed", async () => {
    const user = await createKey(dir, "expiring", ALL);
    const origin = clockAt(Date.now() - 1_000, "reader");
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    assert.equal((await put(user, "/v1/sessions/brief", { platform: "chatgpt", expires_at: expiresAt })).status, 200);
    assert.equal((await get(user, "/v1/sessions/brief")).status, 200);
    const deadline = Date.now() + 10_000;
    while ((await get(user, "/v1/sessions/brief")).status === 200) {
      assert.ok(Date.now() < deadline, "the session outlived its expires_at");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(Date.now() >= Date.parse(expiresAt));
    assert.deepEqual((await get<{ sessions: Session[] }>(user, "/v1/sessions")).body.sessions, []);
    const feed = await get<ChangesPage>(user, `/v1/changes?since=${origin}`);
    assert.deepEqual(
      feed.body.changes.map((c) => [c.entity, c.id, c.deleted]),
      [["session", "brief", true]],
    );
    assert.equal(feed.body.snapshot, false);
    const fresh = await get<ChangesPage>(user, "/v1/changes");
    assert.deepEqual([fresh.body.snapshot, fresh.body.changes], [true, []], "without since: the current state, which has no session left");
  });

  it("GET /v1/changes pages the caller's feed in clock order from since; sessions only with session:sync", async () => {
    const user = await createKey(dir, "feeder", ALL);
    const projectReader = await createKey(dir, "feeder", ["project:read"]);
    for (const id of ["a", "b", "c"]) await put(user, `/v1/projects/${id}`, { name: id.toUpperCase() });
    await put(user, "/v1/sessions/s", { platform: "vscode" });
    await put(user, "/v1/projects/a", { name: "A2" });
    const first = await get<ChangesPage>(user, "/v1/changes?limit=2");
    assert.deepEqual(
      first.body.changes.map((c) => c.id),
      ["b", "c"],
      "per entity only its latest change: a moved to the end",
    );
    assert.deepEqual([first.body.has_more, first.body.snapshot], [true, true], "without since the feed starts from a snapshot");
    const rest = await get<ChangesPage>(user, `/v1/changes?since=${first.body.next_since}&snapshot=continue`);
    assert.deepEqual(
      rest.body.changes.map((c) => [c.entity, c.id]),
      [
        ["session", "s"],
        ["project", "a"],
      ],
    );
    assert.deepEqual([rest.body.has_more, rest.body.snapshot], [false, false]);
    const clocks = [...first.body.changes, ...rest.body.changes].map((c) => c.clock);
    assert.deepEqual(clocks, [...clocks].sort());
    const projectsOnlyFeed = await get<{ changes: Change[] }>(projectReader, "/v1/changes");
    assert.deepEqual(
      projectsOnlyFeed.body.changes.map((c) => c.id),
      ["b", "c", "a"],
    );
    const after = await get<ChangesPage>(user, `/v1/changes?since=${rest.body.next_since}`);
    assert.deepEqual(after.body, { changes: [], has_more: false, next_since: rest.body.next_since, snapshot: false });
    assert.equal((await get<Problem>(user, "/v1/changes?since=yesterday")).body.errors![0]!.field, "since");
    assert.equal((await get<Problem>(user, "/v1/changes?snapshot=true")).body.errors![0]!.field, "snapshot");
  });

  it("another user's project with the same id: not there for them (404), and their writes make their own", async () => {
    await put(ada, "/v1/projects/shared-name", { name: "Ada's", platforms: ["vscode"] });
    assert.equal((await get(bob, "/v1/projects/shared-name")).status, 404);
    assert.equal((await del(bob, "/v1/projects/shared-name")).status, 404);
    assert.equal((await get(ada, "/v1/projects/shared-name")).status, 200, "bob's delete did not reach ada's project");
    const bobs = await put(bob, "/v1/projects/shared-name", { name: "Bob's" });
    assert.equal((bobs.body as Project).name, "Bob's");
    assert.deepEqual((bobs.body as Project).platforms, [], "nothing of ada's merged in");
    assert.equal(((await get(ada, "/v1/projects/shared-name")).body as Project).name, "Ada's");
    assert.ok(!(await get<{ projects: Project[] }>(bob, "/v1/projects")).body.projects.some((p) => p.name === "Ada's"));
    await put(ada, "/v1/sessions/same-session", { platform: "vscode" });
    assert.equal((await get(bob, "/v1/sessions/same-session")).status, 404);
    const bobFeed = await get<{ changes: Change[] }>(bob, "/v1/changes");
    assert.ok(
      bobFeed.body.changes.every((c) => c.entity === "project" && c.id === "shared-name"),
      JSON.stringify(bobFeed.body),
    );
  });

  it("scopes: project:read reads, project:write writes, session:sync for sessions; 401 without or with a revoked key", async () => {
    assert.equal((await get(readOnly, "/v1/projects/interview-acme")).status, 200);
    const denied = await put(readOnly, "/v1/projects/interview-acme", { name: "Nope" });
    assert.equal(denied.status, 403);
    assert.match(denied.headers.get("www-authenticate")!, /error="insufficient_scope", scope="project:write"/);
    assert.equal((await del(readOnly, "/v1/projects/interview-acme")).status, 403);
    assert.equal((await get(writeOnly, "/v1/projects/interview-acme")).status, 403);
    assert.equal((await get(writeOnly, "/v1/projects")).status, 403);
    assert.equal((await put(writeOnly, "/v1/projects/write-only", { name: "W" })).status, 200);
    assert.equal((await get(projectsOnly, "/v1/sessions")).status, 403);
    assert.equal((await put(projectsOnly, "/v1/sessions/x", { platform: "vscode" })).status, 403);
    assert.equal((await get(readOnly, "/v1/changes")).status, 200);

    const anonymous = await get(null, "/v1/projects");
    assert.equal(anonymous.status, 401);
    assert.equal(
      anonymous.headers.get("www-authenticate"),
      `Bearer realm="interview-coach", resource_metadata="${coach.url}/.well-known/oauth-protected-resource"`,
    );
    assert.equal((await put(null, "/v1/projects/x", { name: "X" })).status, 401);
    const doomed = await createKey(dir, "ada", ALL);
    assert.equal((await runCli(["keys", "revoke", keyIdOf(doomed), "--data-dir", dir])).code, 0);
    const revoked = await put(doomed, "/v1/projects/x", { name: "X" });
    assert.equal(revoked.status, 401);
    assert.match(revoked.headers.get("www-authenticate")!, /revoked/);
    assert.equal((await get(ada, "/v1/projects/x")).status, 404, "nothing written by refused requests");
    assert.equal((await get<Project>(ada, "/v1/projects/interview-acme")).body.name, "Acme");
  });

  it("bad bodies and ids: 400 naming the field and rule, and nothing stored", async () => {
    const before = (await get<{ changes: Change[] }>(ada, "/v1/changes")).body.changes;
    const cases: [string, unknown, string][] = [
      ["/v1/projects/bad-1", { name: "" }, "name"],
      ["/v1/projects/bad-1", { statistics: { attempts: 1, accuracy: 1.5, streak_days: 0 } }, "statistics.accuracy"],
      ["/v1/projects/bad-1", { platforms: ["vscode", "vscode"] }, "platforms"],
      ["/v1/projects/bad-1", { clock: "tuesday" }, "clock"],
      ["/v1/projects/bad-1", { name: "Future", clock: clockAt(Date.now() + 3_600_000, "vscode") }, "clock"],
      ["/v1/projects/bad-1", {}, "body"],
      ["/v1/projects/bad%20id", { name: "Spaces" }, "project_id"],
      ["/v1/sessions/bad-2", { platform: "emacs" }, "platform"],
      ["/v1/sessions/bad-2", { context: { deep: { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } } } }, "context"],
    ];
    for (const [route, body, field] of cases) {
      const answer = await put(ada, route, body);
      assert.equal(answer.status, 400, `${route} ${JSON.stringify(body)}`);
      const problem = answer.body as Problem;
      assert.equal(problem.type, "urn:interview-coach:problem:validation");
      assert.ok(
        problem.errors!.some((e) => e.field === field && e.rule.length > 5),
        `${JSON.stringify(body)}: expected ${field}, got ${JSON.stringify(problem.errors)}`,
      );
    }
    const drift = await put(ada, "/v1/projects/bad-1", { name: "Future", clock: clockAt(Date.now() + 3_600_000, "vscode") });
    assert.match((drift.body as Problem).errors![0]!.rule, /ahead of the server's time/);
    const notJson = await put(ada, "/v1/projects/bad-1", "{name:");
    assert.equal(notJson.status, 400);
    assert.equal((notJson.body as Problem).errors![0]!.field, "body");
    const oversized = await put(ada, "/v1/sessions/bad-2", { platform: "vscode", context: { blob: "x".repeat(40_000) } });
    assert.equal(oversized.status, 413);
    assert.equal((oversized.body as Problem).type, "urn:interview-coach:problem:body-too-large");
    const contextTooBig = await put(ada, "/v1/sessions/bad-2", { platform: "vscode", context: { blob: "x".repeat(20_000) } });
    assert.equal(contextTooBig.status, 400);
    assert.equal((contextTooBig.body as Problem).errors![0]!.field, "context");

    assert.equal((await get(ada, "/v1/projects/bad-1")).status, 404);
    assert.equal((await get(ada, "/v1/sessions/bad-2")).status, 404);
    assert.deepEqual((await get<{ changes: Change[] }>(ada, "/v1/changes")).body.changes, before, "the change feed did not move");
  });

  it("ids up to 128 characters route (the extension's are up to 107); longer ones, deep nesting and non-JSON bodies are problems", async () => {
    const longest = `vscode:${"a".repeat(121)}`;
    const stored = await put(ada, `/v1/projects/${encodeURIComponent(longest)}`, { name: "A long workspace" });
    assert.equal(stored.status, 200);
    assert.equal((await get<Project>(ada, `/v1/projects/${encodeURIComponent(longest)}`)).body.project_id, longest);
    const tooLong = await put(ada, `/v1/projects/${"a".repeat(129)}`, { name: "Too long" });
    assert.equal(tooLong.status, 400);
    assert.equal((tooLong.body as Problem).errors![0]!.field, "project_id");
    const farTooLong = await get(ada, `/v1/projects/${"a".repeat(600)}`);
    assert.equal(farTooLong.status, 414);
    assert.equal(farTooLong.headers.get("content-type"), "application/problem+json; charset=utf-8");
    assert.match((farTooLong.body as Problem).detail, /longer than 512 characters/);
    const nested = `{"platform":"vscode","context":{"a":${"[".repeat(5000)}${"]".repeat(5000)}}}`;
    const deep = await put(ada, "/v1/sessions/deep", nested);
    assert.equal(deep.status, 400);
    assert.equal((deep.body as Problem).errors![0]!.field, "body");
    const xml = await put(ada, "/v1/projects/as-xml", "<project/>", { "content-type": "application/xml" });
    assert.equal(xml.status, 415);
    assert.deepEqual((xml.body as Problem).errors, [{ field: "Content-Type", rule: "must be application/json" }]);
    assert.equal((await get(ada, "/v1/sessions/deep")).status, 404);
    assert.equal((await get(ada, "/v1/projects/as-xml")).status, 404);
    for (const limit of ["0x10", "%20%205", "", "2.5"]) {
      const answer = await get(ada, `/v1/projects?limit=${limit}`);
      assert.equal(answer.status, 400, `limit=${limit}`);
      assert.match((answer.body as Problem).errors![0]!.rule, /whole number/, `limit=${limit}`);
    }
    assert.equal((await get(ada, "/v1/audit-log?limit=0x10")).status, 400);
    assert.equal((await get(ada, "/v1/projects?limit=5")).status, 200);
  });

  it("the audit log has every write with who, what, when, request id and outcome, denied ones too", async () => {
    const auditor = await createKey(dir, "auditor", ALL);
    const readerOfAuditor = await createKey(dir, "auditor", ["project:read"]);
    await put(auditor, "/v1/projects/audited", { name: "Audited" }, { "x-request-id": "audit-put-1" });
    await put(readerOfAuditor, "/v1/projects/audited", { name: "Denied" }, { "x-request-id": "audit-denied-1" });
    await put(auditor, "/v1/projects/audited", { name: "" }, { "x-request-id": "audit-bad-1" });
    await del(auditor, "/v1/projects/audited");
    await get(auditor, "/v1/projects/audited");
    const log = await get<{ entries: { at: string; credential_id: string; action: string; target: string; request_id: string; status: number }[] }>(
      auditor,
      "/v1/audit-log",
    );
    assert.equal(log.status, 200);
    const entries = log.body.entries;
    assert.deepEqual(
      entries.map((e) => [e.action, e.status, e.credential_id]),
      [
        ["DELETE /v1/projects/audited", 204, keyIdOf(auditor)],
        ["PUT /v1/projects/audited", 400, keyIdOf(auditor)],
        ["PUT /v1/projects/audited", 403, keyIdOf(readerOfAuditor)],
        ["PUT /v1/projects/audited", 200, keyIdOf(auditor)],
      ],
      "newest first; reads are not audited",
    );
    assert.deepEqual(
      entries.slice(1).map((e) => e.request_id),
      ["audit-bad-1", "audit-denied-1", "audit-put-1"],
    );
    assert.ok(entries.every((e) => e.target === "project:audited" && Math.abs(Date.parse(e.at) - Date.now()) < 60_000));
    assert.ok(
      !(await get<{ entries: { action: string }[] }>(ada, "/v1/audit-log")).body.entries.some((e) => e.action.includes("audited")),
      "each user sees only their own log",
    );
  });
});
