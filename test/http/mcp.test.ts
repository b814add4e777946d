import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TOOLS } from "../../mcp-server/src/tools/index.js";
import { connectMcp, createKey, MCP_HEADERS, request, rpc, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const PUBLIC_URL = "https://coach.example.com";
const performance = { accuracy: 0.82, storyCoverage: 0.6, satisfaction: 4, responseTime: 70, category: "conflict" };

describe("remote MCP at /mcp", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let alice: string;
  let bob: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-mcp-"));
    [alice, bob] = await Promise.all([createKey(dir, "alice", ["memory:access"]), createKey(dir, "bob", ["memory:access", "project:read"])]);
    coach = await startHttpCoach({ dataDir: dir, args: ["--public-url", PUBLIC_URL, "--allowed-origin", "https://chatgpt.com"] });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the SDK's Client lists the stdio tools plus search and fetch, and calls them", async () => {
    const remote = await connectMcp(coach, alice);
    try {
      assert.equal(remote.client.getServerVersion()?.name, "digital-twin-interview-coach");
      const names = (await remote.client.listTools()).tools.map((t) => t.name);
      for (const tool of TOOLS) assert.ok(names.includes(tool.name), `${tool.name} is served over HTTP`);
      assert.ok(names.includes("search") && names.includes("fetch"));
      const scored = await remote.call("evaluate_response", { question: "Tell me about a failure", response: "I would probably apologise." });
      assert.notEqual(scored.isError, true);
      assert.ok((scored.structuredContent as { overall: number }).overall < 40);
      const bad = await remote.call("get_analytics_report", { period: "hourly" });
      assert.equal(bad.isError, true);
      assert.match(JSON.stringify(bad.content), /period/);
    } finally {
      await remote.close();
    }
  });

  it("each user sees only their own data: what alice records, bob cannot read", async () => {
    const [a, b] = await Promise.all([connectMcp(coach, alice), connectMcp(coach, bob)]);
    try {
      const recorded = await a.call("record_performance", performance);
      assert.notEqual(recorded.isError, true, JSON.stringify(recorded.content));
      const exported = async (remote: typeof a) =>
        ((await remote.call("export_data")).structuredContent as { performance: { accuracy: number }[] }).performance;
      assert.deepEqual(
        (await exported(a)).map((r) => r.accuracy),
        [0.82],
      );
      assert.deepEqual(await exported(b), []);
      const report = (await b.call("get_analytics_report", { period: "daily" })).structuredContent as { current: { attempts: number } };
      assert.equal(report.current.attempts, 0);
      for (const user of ["alice", "bob"]) assert.ok(existsSync(path.join(dir, "users", user, "coach.sqlite")), `${user} has a store of their own`);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("search and fetch: the ChatGPT connector shape over stories, questions and reports", async () => {
    const remote = await connectMcp(coach, alice);
    try {
      const found = await remote.call("search", { query: "kafka migration" });
      const { results } = found.structuredContent as { results: { id: string; title: string; url: string }[] };
      assert.equal(found.content.length, 1);
      assert.deepEqual(JSON.parse((found.content[0] as { text: string }).text), found.structuredContent, "one JSON text item, the same as structuredContent");
      assert.equal(results[0]!.id, "story:rabbitmq-to-kafka-migration");
      assert.equal(results[0]!.url, `${PUBLIC_URL}/api/v1/stories/rabbitmq-to-kafka-migration`);
      for (const r of results) assert.deepEqual(Object.keys(r).sort(), ["id", "title", "url"]);

      const story = (await remote.call("fetch", { id: results[0]!.id })).structuredContent as {
        id: string;
        text: string;
        url: string;
        metadata: { type: string };
      };
      assert.equal(story.id, "story:rabbitmq-to-kafka-migration");
      assert.match(story.text, /## Situation[\s\S]*## Task[\s\S]*## Action[\s\S]*## Result/);
      assert.equal(story.metadata.type, "story");

      const questions = (await remote.call("search", { query: "conflict with a teammate" })).structuredContent as { results: { id: string }[] };
      const question = questions.results.find((r) => r.id.startsWith("question:"));
      assert.ok(question, "bank questions are searchable");
      const fetched = (await remote.call("fetch", { id: question.id })).structuredContent as { text: string; metadata: { category: string } };
      assert.match(fetched.text, /What a strong answer shows/);

      const reports = (await remote.call("search", { query: "weekly analytics" })).structuredContent as { results: { id: string }[] };
      assert.equal(reports.results[0]!.id, "report:weekly");
      const report = (await remote.call("fetch", { id: "report:weekly" })).structuredContent as {
        text: string;
        url: string;
        metadata: { type: string; current: { attempts: number } };
      };
      assert.equal(report.metadata.type, "report");
      assert.equal(report.url, `${PUBLIC_URL}/api/v1/analytics/weekly`);
      assert.match(report.text, /Weekly analytics report/);

      const unknown = await remote.call("fetch", { id: "story:no-such-story" });
      assert.equal(unknown.isError, true);
      assert.match((unknown.content[0] as { text: string }).text, /^id: no story "no-such-story"/);
      const malformed = await remote.call("fetch", { id: "../../etc/passwd" });
      assert.equal(malformed.isError, true);
      assert.match(JSON.stringify(malformed.content), /document id from search/);
    } finally {
      await remote.close();
    }
  });

  it("refuses a browser Origin not in --allowed-origin (403) and accepts an allowed one", async () => {
    const body = rpc("tools/list");
    const foreign = await request(coach, "/mcp", { credential: alice, body, headers: { ...MCP_HEADERS, origin: "https://evil.example" } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get("content-type"), "application/problem+json; charset=utf-8");
    assert.match(((await foreign.json()) as { detail: string }).detail, /https:\/\/evil\.example/);
    const allowed = await request(coach, "/mcp", {
      credential: alice,
      body,
      headers: { ...MCP_HEADERS, origin: "https://chatgpt.com", "x-request-id": "mcp-call-1" },
    });
    assert.equal(allowed.status, 200);
    // The transport writes this response itself; the headers the hooks set still reach the client.
    assert.equal(allowed.headers.get("x-request-id"), "mcp-call-1");
    assert.match(allowed.headers.get("ratelimit") ?? "", /^"per-credential";r=\d+;t=\d+$/);
  });

  it("an unsupported MCP-Protocol-Version gets 400; GET and DELETE get 405 (stateless)", async () => {
    const response = await request(coach, "/mcp", {
      credential: alice,
      body: rpc("tools/list"),
      headers: { ...MCP_HEADERS, "mcp-protocol-version": "1999-01-01" },
    });
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(await response.json()), /Unsupported protocol version: 1999-01-01/);
    for (const method of ["GET", "DELETE"]) {
      const refused = await request(coach, "/mcp", { method, credential: alice, headers: { accept: "text/event-stream" } });
      assert.equal(refused.status, 405);
      assert.equal(refused.headers.get("allow"), "POST");
    }
  });
});
