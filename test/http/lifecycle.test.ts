import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { SERVER_BUNDLE } from "../support/spawned-coach.js";
import { connectMcp, createKey, HTTP_BUNDLE, MCP_HEADERS, rpc, startHttpCoach, type HttpCoach } from "../support/http-server.js";

interface SlowRequest {
  /** Resolves once the server has read the headers (it answered 100 Continue): the request is in flight. */
  accepted: Promise<void>;
  finish(): void;
  response: Promise<{ status: number; body: string }>;
}

/** A POST /mcp whose body is held back until finish(): an in-flight request for as long as the test wants. */
function slowRequest(coach: HttpCoach, key: string, body: object): SlowRequest {
  const payload = Buffer.from(JSON.stringify(body));
  const req = http.request(`${coach.url}/mcp`, {
    method: "POST",
    headers: { ...MCP_HEADERS, "content-type": "application/json", "content-length": payload.length, authorization: `Bearer ${key}`, expect: "100-continue" },
  });
  const accepted = new Promise<void>((resolve) => req.on("continue", () => resolve()));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
  });
  req.flushHeaders();
  return { accepted, finish: () => req.end(payload), response };
}

describe("the HTTP server's lifecycle", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-life-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("SIGTERM during a slow request: the request completes, then the process exits 0", async () => {
    const key = await createKey(dir, "judy", ["memory:access"]);
    const coach = await startHttpCoach({ dataDir: dir });
    const slow = slowRequest(
      coach,
      key,
      rpc("tools/call", {
        name: "record_performance",
        arguments: { accuracy: 0.7, storyCoverage: 0.5, satisfaction: 4, responseTime: 50, category: "teamwork" },
      }),
    );
    await slow.accepted;
    process.kill(coach.pid, "SIGTERM");
    await coach.waitForLine((l) => l.msg === "shutting down: finishing in-flight requests");
    slow.finish();
    const { status, body } = await slow.response;
    assert.equal(status, 200);
    const { result } = JSON.parse(body) as { result: { isError?: boolean; structuredContent: { recordId: number } } };
    assert.notEqual(result.isError, true, body);
    assert.equal(result.structuredContent.recordId, 1);
    assert.deepEqual(await coach.exited, { code: 0, signal: null });
    assert.ok(coach.lines().some((l) => l.msg === "stopped"));

    // What was acknowledged during the drain is on disk for the next start.
    const again = await startHttpCoach({ dataDir: dir });
    const remote = await connectMcp(again, key);
    try {
      const exported = (await remote.call("export_data")).structuredContent as { performance: { response_time: number }[] };
      assert.deepEqual(
        exported.performance.map((r) => r.response_time),
        [50],
      );
    } finally {
      await remote.close();
      assert.deepEqual(await again.stop("SIGINT"), { code: 0, signal: null });
    }
  });

  it("a request that outlives --shutdown-timeout is cut off, and the process still exits 0", async () => {
    const key = await createKey(dir, "kim", ["memory:access"]);
    const coach = await startHttpCoach({ dataDir: dir, args: ["--shutdown-timeout", "1"] });
    const stuck = slowRequest(coach, key, rpc("tools/list"));
    await stuck.accepted;
    const started = Date.now();
    process.kill(coach.pid, "SIGTERM");
    await assert.rejects(stuck.response);
    assert.deepEqual(await coach.exited, { code: 0, signal: null });
    assert.ok(Date.now() - started < 5_000);
    assert.ok(coach.lines().some((l) => l.level === "warn" && /outlived the shutdown timeout/.test(l.msg)));
  });

  it("runs from a copy of dist/ alone, with no node_modules beside it", async () => {
    const alone = path.join(dir, "bundle");
    mkdirSync(alone);
    for (const file of [SERVER_BUNDLE, HTTP_BUNDLE, ...["node-sqlite3-wasm.wasm", "sample-twin.md"].map((f) => path.join(path.dirname(SERVER_BUNDLE), f))]) {
      copyFileSync(file, path.join(alone, path.basename(file)));
    }
    const bundle = path.join(alone, "mcp-server.js");
    const key = await createKey(path.join(dir, "data"), "lee", ["memory:access"], bundle);
    const coach = await startHttpCoach({ dataDir: path.join(dir, "data"), bundle });
    try {
      const remote = await connectMcp(coach, key);
      try {
        const profile = await remote.call("get_profile");
        assert.notEqual(profile.isError, true, JSON.stringify(profile.content));
        assert.match(String((profile.structuredContent as { twinFile: string }).twinFile), /users[\\/]lee[\\/]twin\.md$/);
      } finally {
        await remote.close();
      }
    } finally {
      assert.deepEqual(await coach.stop(), { code: 0, signal: null });
    }
  });
});
