import assert from "node:assert/strict";
import os from "node:os";
import type { Change, Project } from "../../mcp-server/src/contracts/awareness.js";
import { requestFingerprint } from "../../mcp-server/src/awareness/fingerprint.js";
import { RedisAwarenessStore } from "../../mcp-server/src/awareness/redis/redis-awareness-store.js";
import { call, clockAt, SyncClient, UNLIMITED, type Problem } from "../http/awareness-client.js";
import { keyIdOf, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { RedisFleet } from "../support/redis-fleet.js";
import { startRedisServer } from "../support/redis-server.js";
import { seededRandom, shuffled } from "../support/seeded-random.js";

describe("two HTTP instances on one Redis", function () {
  this.timeout(90_000);
  let fleet: RedisFleet;
  let a: HttpCoach;
  let b: HttpCoach;

  before(async () => {
    fleet = await RedisFleet.start();
    [a, b] = await Promise.all([fleet.instance(), fleet.instance()]);
  });
  after(() => fleet?.stop());

  it("--redis without COACH_JWT_SECRET, or with a Redis that does not answer, refuses to start, saying why", async () => {
    const dir = fleet.folder();
    const { COACH_JWT_SECRET: _unset, ...withoutSecret } = fleet.env;
    await assert.rejects(startHttpCoach({ dataDir: dir, args: ["--redis", fleet.redis.url], env: withoutSecret }), /--redis: set COACH_JWT_SECRET/);
    await assert.rejects(
      startHttpCoach({ dataDir: dir, args: ["--redis", "redis://127.0.0.1:1"], env: fleet.env }),
      /--redis: redis:\/\/127\.0\.0\.1:1 did not answer within 10 s: connect ECONNREFUSED/,
    );
    const bad = await runCli(["--http", "--redis", "http://127.0.0.1:1"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--redis: must use redis:\/\/ or rediss:\/\//);
  });

  it("keys --redis: refuses --data-dir beside it, and says so when Redis does not answer", async () => {
    const both = await runCli(["keys", "list", "--redis", fleet.redis.url, "--data-dir", os.tmpdir()]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give --data-dir or --redis, not both/);
    const unreachable = await runCli(["keys", "list", "--redis", "redis://127.0.0.1:1"]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /^keys: Redis at redis:\/\/127\.0\.0\.1:1 did not answer: connect ECONNREFUSED/);
  });

  it("one key from keys create --redis works on both instances; an access token from A works on B; a revocation ends it on both", async () => {
    const key = await fleet.key("fleet-user");
    assert.equal((await call(a, "GET", "/v1/projects", key)).status, 200);
    assert.equal((await call(b, "GET", "/v1/projects", key)).status, 200);
    const issued = await call<{ access_token: string }>(a, "POST", "/v1/auth/token", key, {});
    assert.equal(issued.status, 200);
    assert.equal((await call(b, "GET", "/v1/projects", issued.body.access_token)).status, 200);
    const listed = await runCli(["keys", "list", "--user", "fleet-user", "--json", "--redis", fleet.redis.url]);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { id: string }[]).map((k) => k.id),
      [keyIdOf(key)],
    );
    assert.equal((await runCli(["keys", "revoke", keyIdOf(key), "--redis", fleet.redis.url])).code, 0);
    for (const coach of [a, b]) {
      assert.equal((await call(coach, "GET", "/v1/projects", key)).status, 401);
      assert.equal((await call(coach, "GET", "/v1/projects", issued.body.access_token)).status, 401);
    }
  });

  it("a PUT on A is read on B, B's delete is seen on A, and both list and page the same feed", async () => {
    const key = await fleet.key("shared-state");
    const put = await call<Project>(a, "PUT", "/v1/projects/acme", key, { name: "Acme", platforms: ["vscode"] });
    assert.equal(put.status, 200);
    assert.deepEqual((await call(b, "GET", "/v1/projects/acme", key)).body, put.body);
    await call(b, "PUT", "/v1/sessions/claude-1", key, { platform: "claude", active_project: "acme" });
    assert.equal((await call(a, "GET", "/v1/sessions/claude-1", key)).status, 200);
    const feeds = await Promise.all([a, b].map(async (coach) => (await call<{ changes: Change[] }>(coach, "GET", "/v1/changes", key)).body.changes));
    assert.deepEqual(feeds[0], feeds[1]);
    assert.equal(feeds[0]!.length, 2);
    assert.equal((await call(b, "DELETE", "/v1/projects/acme", key)).status, 204);
    assert.equal((await call(a, "GET", "/v1/projects/acme", key)).status, 404);
    const otherUser = await fleet.key("someone-else");
    assert.equal((await call(b, "GET", "/v1/sessions/claude-1", otherUser)).status, 404);
  });

  it("a change made on A reaches a WebSocket on B; reconnecting to A with the last clock replays what B's socket missed", async () => {
    const key = await fleet.key("fan-out");
    const onB = await SyncClient.open(b, key);
    const put = await call<Project>(a, "PUT", "/v1/projects/globex", key, { name: "Globex" });
    const [change] = await onB.changesCount(1);
    assert.deepEqual(change, { entity: "project", id: "globex", clock: put.headers.get("awareness-clock"), deleted: false, state: put.body });
    const seen = onB.lastClock;
    await onB.close();
    await call(b, "PUT", "/v1/projects/globex", key, { platforms: ["chatgpt"] });
    await call(a, "PUT", "/v1/sessions/gpt-1", key, { platform: "chatgpt" });
    const onA = await SyncClient.open(a, key, { since: seen });
    assert.deepEqual(
      onA.changes.map((c) => [c.entity, c.id]),
      [
        ["project", "globex"],
        ["session", "gpt-1"],
      ],
    );
    const live = call(b, "PUT", "/v1/projects/initech", key, { name: "Initech" });
    await onA.changesCount(3);
    await live;
    await onA.close();
  });

  it("PUT on A → WebSocket on B latency (figures only, not a pass/fail)", async () => {
    const key = await fleet.key("latency");
    const onB = await SyncClient.open(b, key);
    const delays: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      const put = call(a, "PUT", `/v1/projects/l${i % 10}`, key, { name: `L${i}` });
      await onB.changesCount(i + 1);
      delays.push(performance.now() - started);
      await put;
    }
    await onB.close();
    const sorted = [...delays].sort((x, y) => x - y);
    console.log(
      `      PUT on A → WebSocket on B over 100 writes: p50 ${sorted[49]!.toFixed(1)} ms, p95 ${sorted[94]!.toFixed(1)} ms, max ${sorted[99]!.toFixed(1)} ms`,
    );
  });

  it("an Idempotency-Key used on A is replayed on B; reused for another body on B it is 422", async () => {
    const key = await fleet.key("outbox-fleet");
    const headers = { "idempotency-key": "fleet-delivery-1" };
    const first = await call(a, "PUT", "/v1/projects/umbrella", key, { name: "Umbrella" }, headers);
    const again = await call(b, "PUT", "/v1/projects/umbrella", key, { name: "Umbrella" }, headers);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(again.body, first.body);
    assert.equal((await call(b, "PUT", "/v1/projects/umbrella", key, { name: "Other" }, headers)).status, 422);
    const audit = (await call<{ entries: { status: number }[] }>(b, "GET", "/v1/audit-log", key)).body.entries;
    assert.deepEqual(
      audit.map((e) => e.status),
      [422, 200],
      "one write, one refusal, no replay",
    );
  });

  it("a key another instance is still working on gets 409 with Retry-After and writes nothing; once given back, the request runs", async () => {
    const key = await fleet.key("slow-fleet");
    const body = { name: "Slow" };
    const headers = { "idempotency-key": "fleet-delivery-slow" };
    // The claim an instance takes before it writes, taken here through the same store so it is held for certain.
    const instance = RedisAwarenessStore.connect(fleet.redis.url, {});
    try {
      const fingerprint = requestFingerprint({ method: "PUT", path: "/v1/projects/slow", body });
      assert.deepEqual(await instance.claimIdempotency("slow-fleet", "fleet-delivery-slow", fingerprint), { outcome: "claimed" });
      const busy = await call<Problem>(b, "PUT", "/v1/projects/slow", key, body, headers);
      assert.equal(busy.status, 409);
      assert.equal(busy.body.type, "urn:interview-coach:problem:idempotency-in-progress");
      assert.equal(busy.headers.get("retry-after"), "1");
      assert.equal((await call(a, "GET", "/v1/projects/slow", key)).status, 404, "nothing was written for the refused request");
      // An instance that fails gives its claim back: the same request then runs.
      await instance.releaseIdempotency("slow-fleet", "fleet-delivery-slow", fingerprint);
      const ran = await call<{ name: string }>(a, "PUT", "/v1/projects/slow", key, body, headers);
      assert.equal(ran.status, 200);
      assert.equal(ran.headers.get("idempotent-replayed"), null);
      assert.equal(ran.body.name, "Slow");
      assert.equal((await call(b, "PUT", "/v1/projects/slow", key, body, headers)).headers.get("idempotent-replayed"), "true");
    } finally {
      await instance.close();
    }
  });

  it("LWW: writes from two platforms spread over both instances, shuffled and concurrent, converge on both", async () => {
    const now = Date.now();
    const operations = Array.from({ length: 40 }, (_, i) => {
      const node = i % 2 === 0 ? "vscode" : "claude";
      const clock = clockAt(now - 20_000 + i * 250, node);
      const route = `/v1/projects/c${i % 4}`;
      return i % 9 === 8
        ? { method: "DELETE", route, body: { clock } }
        : { method: "PUT", route, body: { clock, name: `${node} ${i}`, ...(i % 3 === 0 ? { platforms: [node] } : {}) } };
    });
    const [ordered, spread] = await Promise.all([fleet.key("lww-ordered"), fleet.key("lww-spread")]);
    for (const op of operations) await call(a, op.method, op.route, ordered, op.body);
    await Promise.all(shuffled(operations, seededRandom(7)).map((op, i) => call(i % 2 ? a : b, op.method, op.route, spread, op.body)));
    const state = async (coach: HttpCoach, key: string) => (await call<{ projects: Project[] }>(coach, "GET", "/v1/projects", key)).body.projects;
    const expected = await state(b, ordered);
    assert.ok(expected.length > 0);
    assert.deepEqual(await state(a, spread), expected);
    assert.deepEqual(await state(b, spread), expected);
  });

  it("rate-limit counters are shared: a credential's budget is spent across both instances", async () => {
    const [limitedA, limitedB] = await Promise.all([fleet.instance(["--rate-limit", "4"]), fleet.instance(["--rate-limit", "4"])]);
    try {
      const key = await fleet.key("budget");
      const statuses = [];
      for (const coach of [limitedA, limitedB, limitedA, limitedB, limitedA]) statuses.push((await call(coach, "GET", "/v1/projects", key)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    } finally {
      await Promise.all([limitedA.stop(), limitedB.stop()]);
    }
  });

  it("/readyz checks Redis: 503 while it is down; SIGTERM still exits 0", async () => {
    const own = await startRedisServer();
    const coach = await fleet.instance(UNLIMITED, own);
    assert.deepEqual((await call(coach, "GET", "/readyz", null)).body, { status: "ready", checks: { store: "ok" } });
    await own.stop();
    const down = await call<{ status: number; detail: string }>(coach, "GET", "/readyz", null);
    assert.equal(down.status, 503);
    assert.match(down.body.detail, /The store does not answer/);
    assert.deepEqual(await coach.stop(), { code: 0, signal: null });
  });
});

describe("two HTTP instances on one Redis and one data folder", function () {
  this.timeout(90_000);
  let fleet: RedisFleet;
  let a: HttpCoach;
  let b: HttpCoach;

  before(async () => {
    // As the compose file runs them: one volume, so a user's practice is the same whichever instance answers.
    fleet = await RedisFleet.start({ sharedDataFolder: true });
    [a, b] = await Promise.all([fleet.instance(), fleet.instance()]);
  });
  after(() => fleet?.stop());

  it("practice recorded through both at once is all there, read through either", async () => {
    const key = await fleet.key("shared-folder", ["memory:access"]);
    const practice = { accuracy: 0.8, storyCoverage: 0.5, satisfaction: 4, responseTime: 60, category: "conflict", questionId: "conf-technical-disagreement" };
    const recorded = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call<{ recordId: number }>(i % 2 ? a : b, "POST", "/api/v1/performance", key, practice)),
    );
    assert.deepEqual(
      recorded.map((r) => r.status),
      Array(12).fill(201),
    );
    assert.equal(new Set(recorded.map((r) => r.body.recordId)).size, 12, "every record got its own id");
    for (const instance of [a, b]) {
      const weekly = await call<{ current: { attempts: number } }>(instance, "GET", "/api/v1/analytics/weekly", key);
      assert.equal(weekly.body.current.attempts, 12);
    }
  });
});
