import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Change, Project } from "../../mcp-server/src/contracts/awareness.js";
import { createKey, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { seededRandom, shuffled } from "../support/seeded-random.js";
import { call, clockAt, UNLIMITED, type Problem } from "./awareness-client.js";

const ALL = ["project:read", "project:write", "session:sync"];

interface AuditEntry {
  action: string;
  status: number;
  request_id: string;
}

/** One write of the convergence test: a PUT of some fields, or a DELETE, each with its client's clock. */
interface Operation {
  method: "PUT" | "DELETE";
  route: string;
  body: Record<string, unknown>;
  clock: string;
}

/** Writes from two platforms to three projects over a few seconds, clocks interleaved and some equal in ms. */
function platformWrites(now: number): Operation[] {
  const random = seededRandom(20_261_122);
  const operations: Operation[] = [];
  const names = ["Acme", "Globex", "Initech", "Umbrella"];
  for (let i = 0; i < 36; i++) {
    const node = i % 2 === 0 ? "vscode" : "claude";
    const clock = clockAt(now - 30_000 + Math.floor(i / 3) * 700, node, i % 3);
    const route = `/v1/projects/p${i % 3}`;
    if (i % 11 === 10) {
      operations.push({ method: "DELETE", route, body: { clock }, clock });
      continue;
    }
    const body: Record<string, unknown> = { clock };
    if (random() < 0.6) body.name = `${names[Math.floor(random() * names.length)]} ${i}`;
    if (random() < 0.5) body.platforms = node === "vscode" ? ["vscode"] : ["claude", "chatgpt"];
    if (random() < 0.5) body.statistics = { attempts: i, accuracy: Math.round(random() * 100) / 100, streak_days: i % 7 };
    if (Object.keys(body).length === 1) body.memory_summary = { strengths: [`strength ${i}`], gaps: [] };
    operations.push({ method: "PUT", route, body, clock });
  }
  return operations;
}

describe("awareness writes: Idempotency-Key and last-writer-wins convergence", function () {
  this.timeout(90_000);
  let dir: string;
  let coach: HttpCoach;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-idem-"));
    coach = await startHttpCoach({ dataDir: dir, args: UNLIMITED });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const audit = async (key: string) => (await call<{ entries: AuditEntry[] }>(coach, "GET", "/v1/audit-log", key)).body.entries;
  const feed = async (key: string) => (await call<{ changes: Change[] }>(coach, "GET", "/v1/changes", key)).body.changes;

  it("a repeat with the same key gets the first answer (Idempotent-Replayed: true) and changes nothing; the audit log has one write", async () => {
    const key = await createKey(dir, "replayer", ALL);
    const headers = { "idempotency-key": "outbox-7f3a" };
    const first = await call<Project>(coach, "PUT", "/v1/projects/acme", key, { name: "Acme", platforms: ["vscode"] }, headers);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("idempotent-replayed"), null);
    // Someone else changes the project meanwhile: the replay still answers what the first request got.
    await call(coach, "PUT", "/v1/projects/acme", key, { name: "Acme Corp" });
    const changesBefore = await feed(key);
    const replay = await call<Project>(coach, "PUT", "/v1/projects/acme", key, { platforms: ["vscode"], name: "Acme" }, headers);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(replay.body, first.body);
    assert.equal(replay.headers.get("awareness-clock"), first.headers.get("awareness-clock"));
    assert.equal(replay.headers.get("awareness-write-clock"), first.headers.get("awareness-write-clock"));
    assert.deepEqual(await feed(key), changesBefore, "the replay wrote nothing");
    assert.equal((await call<Project>(coach, "GET", "/v1/projects/acme", key)).body.name, "Acme Corp");
    const writes = (await audit(key)).filter((e) => e.action === "PUT /v1/projects/acme");
    assert.equal(writes.length, 2, "the first PUT and the other writer's; the replay is not a write");
  });

  it("a DELETE and a 404 are replayed as they were answered, status and all", async () => {
    const key = await createKey(dir, "deleter", ALL);
    await call(coach, "PUT", "/v1/sessions/s1", key, { platform: "claude" });
    const headers = { "idempotency-key": "delete-s1" };
    const first = await call(coach, "DELETE", "/v1/sessions/s1", key, undefined, headers);
    assert.equal(first.status, 204);
    const again = await call(coach, "DELETE", "/v1/sessions/s1", key, undefined, headers);
    assert.equal(again.status, 204, "not the 404 a fresh DELETE would get");
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    const missing = await call<Problem>(coach, "DELETE", "/v1/sessions/none", key, undefined, { "idempotency-key": "delete-none" });
    const missingAgain = await call<Problem>(coach, "DELETE", "/v1/sessions/none", key, undefined, { "idempotency-key": "delete-none" });
    assert.deepEqual([missing.status, missingAgain.status], [404, 404]);
    assert.deepEqual(missingAgain.body, missing.body, "the same problem, with the first request's id");
  });

  it("the same key for another body, path or method is 422; a malformed key is 400 naming Idempotency-Key", async () => {
    const key = await createKey(dir, "reuser", ALL);
    const headers = { "idempotency-key": "reused-1" };
    assert.equal((await call(coach, "PUT", "/v1/projects/one", key, { name: "One" }, headers)).status, 200);
    for (const [method, route, body] of [
      ["PUT", "/v1/projects/one", { name: "Two" }],
      ["PUT", "/v1/projects/two", { name: "One" }],
      ["DELETE", "/v1/projects/one", undefined],
    ] as const) {
      const answer = await call<Problem>(coach, method, route, key, body, headers);
      assert.equal(answer.status, 422, `${method} ${route}`);
      assert.equal(answer.body.type, "urn:interview-coach:problem:idempotency-key-reused");
    }
    assert.equal((await call<Project>(coach, "GET", "/v1/projects/one", key)).body.name, "One");
    assert.equal((await call(coach, "GET", "/v1/projects/two", key)).status, 404);
    const malformed = await call<Problem>(coach, "PUT", "/v1/projects/one", key, { name: "One" }, { "idempotency-key": "has spaces" });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.errors![0]!.field, "Idempotency-Key");
    const otherUser = await createKey(dir, "other-reuser", ALL);
    assert.equal((await call(coach, "PUT", "/v1/projects/one", otherUser, { name: "Mine" }, headers)).status, 200, "keys are per user");
  });

  it("concurrent requests with one key: one runs; the others get 409 while it is in progress, or its answer once done", async () => {
    const key = await createKey(dir, "racer", ALL);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call(coach, "PUT", "/v1/projects/raced", key, { name: "Raced" }, { "idempotency-key": "race-1" })),
    );
    const applied = answers.filter((a) => a.status === 200 && a.headers.get("idempotent-replayed") === null);
    const inProgress = answers.filter((a) => a.status === 409);
    const replayed = answers.filter((a) => a.headers.get("idempotent-replayed") === "true");
    assert.equal(applied.length, 1, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(inProgress.length + replayed.length, 5, JSON.stringify(answers.map((a) => a.status)));
    assert.ok(
      inProgress.every((a) => (a.body as Problem).type === "urn:interview-coach:problem:idempotency-in-progress" && a.headers.get("retry-after") === "1"),
    );
    assert.ok(replayed.every((a) => a.status === 200 && JSON.stringify(a.body) === JSON.stringify(applied[0]!.body)));
    const retry = await call(coach, "PUT", "/v1/projects/raced", key, { name: "Raced" }, { "idempotency-key": "race-1" });
    assert.equal(retry.headers.get("idempotent-replayed"), "true");
    assert.equal((await feed(key)).length, 1);
    assert.equal((await audit(key)).filter((e) => e.status === 200).length, 1);
  });

  it("outbox deliveries are counted by outcome in /metrics", async () => {
    const text = await (await fetch(`${coach.url}/metrics`)).text();
    for (const outcome of ["applied", "replayed", "rejected"])
      assert.match(text, new RegExp(`^outbox_deliveries_total\\{outcome="${outcome}"\\} [1-9]`, "m"), outcome);
    assert.match(text, /^sync_events_total\{event="committed"\} [1-9]/m);
  });

  it("LWW: the same writes from two platforms, shuffled and sent concurrently, converge to the state of applying them in clock order", async () => {
    const operations = platformWrites(Date.now());
    const users = await Promise.all(["ordered", "shuffled-1", "shuffled-2"].map((user) => createKey(dir, `lww-${user}`, ALL)));
    const send = (key: string, op: Operation) => call(coach, op.method, op.route, key, op.body);
    for (const op of [...operations].sort((a, b) => (a.clock < b.clock ? -1 : 1))) await send(users[0]!, op);
    await Promise.all(shuffled(operations, seededRandom(1)).map((op) => send(users[1]!, op)));
    await Promise.all(shuffled(operations, seededRandom(2)).map((op) => send(users[2]!, op)));

    const state = async (key: string) =>
      Promise.all(
        ["p0", "p1", "p2"].map(async (id) => {
          const answer = await call(coach, "GET", `/v1/projects/${id}`, key);
          return answer.status === 200 ? answer.body : answer.status;
        }),
      );
    const [ordered, first, second] = (await Promise.all(users.map(state))) as [unknown[], unknown[], unknown[]];
    assert.deepEqual(first, ordered);
    assert.deepEqual(second, ordered);
    assert.ok(
      ordered.some((p) => typeof p === "object"),
      "some projects survive the deletes",
    );
    const lists = await Promise.all(users.map(async (key) => (await call<{ projects: Project[] }>(coach, "GET", "/v1/projects", key)).body.projects));
    assert.deepEqual(lists[1], lists[0]);
    assert.deepEqual(lists[2], lists[0]);
  });
});
