import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKey, MCP_HEADERS, request, rpc, startHttpCoach, type HttpCoach } from "../support/http-server.js";

describe("request size and rate limits", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-limits-"));
    coach = await startHttpCoach({ dataDir: dir, args: ["--body-limit", "4096", "--rate-limit", "5", "--rate-limit-window", "60"] });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a body over --body-limit gets 413 as a problem, and nothing is stored", async () => {
    const key = await createKey(dir, "gina", ["memory:access"]);
    const oversized = rpc("tools/call", {
      name: "record_performance",
      arguments: { accuracy: 0.9, storyCoverage: 0.5, satisfaction: 4, responseTime: 60, category: "conflict", questionId: "x".repeat(5000) },
    });
    const response = await request(coach, "/mcp", { credential: key, body: oversized, headers: MCP_HEADERS });
    assert.equal(response.status, 413);
    assert.equal(response.headers.get("content-type"), "application/problem+json; charset=utf-8");
    const problem = (await response.json()) as { type: string; title: string; status: number };
    assert.deepEqual([problem.type, problem.status], ["urn:interview-coach:problem:body-too-large", 413]);
    const exported = await request(coach, "/mcp", { credential: key, body: rpc("tools/call", { name: "export_data", arguments: {} }), headers: MCP_HEADERS });
    const { result } = (await exported.json()) as { result: { structuredContent: { performance: unknown[] } } };
    assert.deepEqual(result.structuredContent.performance, []);
  });

  it("bad JSON is a 400 problem naming the body", async () => {
    const key = await createKey(dir, "hank", ["memory:access"]);
    const response = await request(coach, "/mcp", { credential: key, body: "{not json", headers: MCP_HEADERS });
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { errors: { field: string; rule: string }[] };
    assert.equal(problem.errors[0]!.field, "body");
    assert.match(problem.errors[0]!.rule, /valid JSON/);
  });

  it("past --rate-limit a credential gets 429 with Retry-After, RateLimit and RateLimit-Policy; other credentials are unaffected", async () => {
    const [busy, other] = await Promise.all([createKey(dir, "ivan", ["memory:access"]), createKey(dir, "ivan", ["memory:access"])]);
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await request(coach, "/mcp", { credential: busy, body: rpc("tools/list"), headers: MCP_HEADERS });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("ratelimit-policy"), '"per-credential";q=5;w=60');
      remaining.push(response.headers.get("ratelimit") ?? "");
    }
    assert.deepEqual(
      remaining.map((h) => /^"per-credential";r=(\d+);t=(\d+)$/.exec(h)?.[1]),
      ["4", "3", "2", "1", "0"],
    );
    const limited = await request(coach, "/mcp", { credential: busy, body: rpc("tools/list"), headers: MCP_HEADERS });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(limited.headers.get("ratelimit"), `"per-credential";r=0;t=${retryAfter}`);
    assert.equal(limited.headers.get("ratelimit-policy"), '"per-credential";q=5;w=60');
    const problem = (await limited.json()) as { type: string; status: number; detail: string };
    assert.deepEqual([problem.type, problem.status], ["urn:interview-coach:problem:rate-limited", 429]);
    assert.match(problem.detail, /5 requests per 60 s/);
    assert.equal(
      (await request(coach, "/mcp", { credential: other, body: rpc("tools/list"), headers: MCP_HEADERS })).status,
      200,
      "the same user's other key has its own budget",
    );
    assert.equal((await request(coach, "/livez")).status, 200, "public routes are not counted");
  });
});
