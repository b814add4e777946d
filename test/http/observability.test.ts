import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectMcp, createKey, MCP_HEADERS, request, rpc, startHttpCoach, type HttpCoach, type LogLine } from "../support/http-server.js";

describe("health, metrics, request ids and logs", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let key: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-ops-"));
    key = await createKey(dir, "frank", ["memory:access"]);
    coach = await startHttpCoach({ dataDir: dir });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("/livez and /readyz answer without a credential; readyz has checked the store", async () => {
    const live = await request(coach, "/livez");
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: "ok" });
    const ready = await request(coach, "/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ready", checks: { store: "ok" } });
  });

  it("/readyz is 503 with the reason while the store does not answer (another process holds it), 200 again after", async () => {
    // The store's inter-process mutex, held by a live process (this one) on this host.
    const mutex = path.join(dir, "server.sqlite.mutex");
    // The server keeps the lock a few milliseconds after its last transaction; wait until it lets go.
    for (let waited = 0; existsSync(mutex) && waited < 2_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    writeFileSync(mutex, JSON.stringify({ pid: process.pid, host: os.hostname(), token: "held-by-test", acquiredAt: Date.now() }), { flag: "wx" });
    try {
      const stalled = await request(coach, "/readyz");
      assert.equal(stalled.status, 503);
      const problem = (await stalled.json()) as { title: string; detail: string };
      assert.equal(problem.title, "Not ready");
      assert.match(problem.detail, /The store does not answer: no answer within 2000 ms/);
      assert.equal((await request(coach, "/livez")).status, 200, "alive all the same");
    } finally {
      unlinkSync(mutex);
    }
    assert.equal((await request(coach, "/readyz")).status, 200);
  });

  it("a valid x-request-id is echoed and logged with the request line; an invalid one is replaced", async () => {
    const response = await request(coach, "/livez", { headers: { "x-request-id": "trace-4711.a:b" } });
    assert.equal(response.headers.get("x-request-id"), "trace-4711.a:b");
    const line = await coach.waitForLine((l) => l.requestId === "trace-4711.a:b" && l.msg === "request");
    assert.equal(line.level, "info");
    assert.equal(line.method, "GET");
    assert.equal(line.url, "/livez");
    assert.equal(line.status, 200);
    assert.equal(typeof line.ms, "number");
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/);

    const replaced = await request(coach, "/livez", { headers: { "x-request-id": `bad id ${"x".repeat(200)}` } });
    const given = replaced.headers.get("x-request-id") ?? "";
    assert.match(given, /^[A-Za-z0-9_-]{8}-[0-9a-z]+$/, "the server's own id: a per-process prefix and a counter");
    const next = (await request(coach, "/livez")).headers.get("x-request-id");
    assert.notEqual(next, given, "each request gets an id of its own");

    const authed = await request(coach, "/mcp", { method: "DELETE", credential: key, headers: { "x-request-id": "with-user-1" } });
    assert.equal(authed.status, 405);
    const withUser = await coach.waitForLine((l) => l.requestId === "with-user-1" && l.msg === "request");
    assert.equal(withUser.userId, "frank");
    assert.equal(withUser.status, 405);
    const problem = (await authed.json()) as { requestId: string };
    assert.equal(problem.requestId, "with-user-1", "a problem body carries the id to look up in the logs");
  });

  it("every response gets one request line: a 404, a hijacked MCP reply, the authorization server's, and a 500 at error level beside its error", async () => {
    // A user whose data folder is a file: opening their store fails, which the server has no answer for but a 500.
    const broken = await createKey(dir, "broken", ["memory:access"]);
    mkdirSync(path.join(dir, "users"), { recursive: true });
    writeFileSync(path.join(dir, "users", "broken"), "not a folder");
    const ask = (url: string, id: string, init: Parameters<typeof request>[2] = {}) =>
      request(coach, url, { ...init, headers: { ...init.headers, "x-request-id": id } });

    assert.equal((await ask("/nothing/here", "lines-404")).status, 404);
    const mcp = await ask("/mcp", "lines-mcp", { credential: key, headers: MCP_HEADERS, body: rpc("tools/list") });
    assert.equal(mcp.status, 200);
    await mcp.text();
    assert.equal((await ask("/.well-known/oauth-authorization-server", "lines-oauth")).status, 200);
    const failed = await ask("/api/v1/questions", "lines-500", { credential: broken });
    assert.equal(failed.status, 500);
    assert.equal(((await failed.json()) as { requestId: string }).requestId, "lines-500");
    assert.equal((await ask("/livez", "lines-last")).status, 200);
    await coach.waitForLine((l) => l.requestId === "lines-last" && l.msg === "request");

    const linesOf = (id: string) => coach.lines().filter((l) => l.requestId === id);
    const only = (id: string): LogLine => {
      const lines = linesOf(id);
      assert.equal(lines.length, 1, `one line for ${id}: ${JSON.stringify(lines)}`);
      return lines[0]!;
    };
    assert.deepEqual(pick(only("lines-404")), { level: "info", msg: "request", method: "GET", url: "/nothing/here", route: null, status: 404 });
    assert.deepEqual(pick(only("lines-mcp")), { level: "info", msg: "request", method: "POST", url: "/mcp", route: "/mcp", status: 200, userId: "frank" });
    assert.deepEqual(pick(only("lines-oauth")), {
      level: "info",
      msg: "request",
      method: "GET",
      // The provider answers it under the OpenID path the route rewrites it to.
      url: "/.well-known/openid-configuration",
      route: "/.well-known/oauth-authorization-server",
      status: 200,
    });
    const [error, line] = linesOf("lines-500");
    assert.equal(error?.level, "error");
    assert.equal(error?.msg, "request failed");
    assert.match((error?.err as { stack: string }).stack, /^Error: EEXIST.*\n\s+at /);
    assert.deepEqual(pick(line!), {
      level: "error",
      msg: "request",
      method: "GET",
      url: "/api/v1/questions",
      route: "/api/v1/questions",
      status: 500,
      userId: "broken",
    });
    assert.equal(linesOf("lines-500").length, 2);
    for (const id of ["lines-404", "lines-mcp", "lines-oauth", "lines-500"]) assert.equal(typeof linesOf(id).at(-1)!.ms, "number");
  });

  it("/metrics: default metrics, the request histogram by route template, MCP tool calls by tool and outcome", async () => {
    const remote = await connectMcp(coach, key);
    try {
      await remote.call("list_variants");
      await remote.call("get_analytics_report", { period: "hourly" });
    } finally {
      await remote.close();
    }
    const response = await request(coach, "/metrics");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    assert.match(text, /^http_request_duration_seconds_count\{method="GET",route="\/livez",status="200"\} \d+/m);
    assert.match(text, /^http_request_duration_seconds_count\{method="POST",route="\/mcp",status="200"\} \d+/m);
    assert.match(text, /^mcp_tool_call_duration_seconds_count\{tool="list_variants",outcome="ok"\} 1$/m);
    assert.match(text, /^mcp_tool_call_duration_seconds_count\{tool="get_analytics_report",outcome="tool_error"\} 1$/m);
    assert.match(text, /^websocket_connections 0$/m);
    assert.match(text, /^# TYPE sync_events_total counter$/m);
    assert.match(text, /^# TYPE outbox_deliveries_total counter$/m);
    assert.doesNotMatch(text, /route="\/api\/v1\/nothing/, "raw URLs never become labels");
  });

  it("with --metrics-public false, /metrics needs a credential", async () => {
    const privateDir = mkdtempSync(path.join(os.tmpdir(), "coach-http-metrics-"));
    const reader = await createKey(privateDir, "ops", ["project:read"]);
    const closed = await startHttpCoach({ dataDir: privateDir, args: ["--metrics-public", "false"] });
    try {
      assert.equal((await request(closed, "/metrics")).status, 401);
      assert.equal((await request(closed, "/metrics", { credential: reader })).status, 200);
      assert.equal((await request(closed, "/livez")).status, 200);
    } finally {
      await closed.stop();
      rmSync(privateDir, { recursive: true, force: true });
    }
  });
});

/** A request line's fields that do not change from run to run. */
function pick(line: LogLine): Record<string, unknown> {
  const { level, msg, method, url, route, status, userId } = line;
  return { level, msg, method, url, route, status, ...(userId === undefined ? {} : { userId }) };
}
