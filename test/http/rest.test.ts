import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectMcp, createKey, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const practice = { accuracy: 0.82, storyCoverage: 0.6, satisfaction: 4, responseTime: 70, category: "conflict" };
const answer = {
  question: "Tell me about a time you disagreed with a colleague.",
  response: "In 2023 our lead and I disagreed on the queue design. I built a prototype, measured both, and we shipped mine: p95 latency fell 40%.",
};

type Json = Record<string, unknown>;

describe("REST for GPT Actions at /api/v1", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let alice: string;
  let bob: string;
  const api = async (route: string, init: { key?: string; body?: unknown; method?: string } = {}) => {
    const response = await request(coach, route, { credential: init.key ?? alice, body: init.body, method: init.method });
    return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Json };
  };
  const mcp = async <T>(key: string, name: string, args: Json = {}) => {
    const remote = await connectMcp(coach, key);
    try {
      const result = await remote.call(name, args);
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      return result.structuredContent as T;
    } finally {
      await remote.close();
    }
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-rest-"));
    [alice, bob] = await Promise.all([createKey(dir, "alice", ["memory:access"]), createKey(dir, "bob", ["memory:access"])]);
    // Every route is called many times over by one key here; the limit has its own test.
    coach = await startHttpCoach({ dataDir: dir, args: ["--rate-limit", "10000"] });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("POST /api/v1/evaluations scores an answer exactly as the MCP tool does, and stores nothing (200)", async () => {
    const scored = await api("/api/v1/evaluations", { body: answer });
    assert.equal(scored.status, 200);
    assert.match(scored.type ?? "", /^application\/json/);
    assert.deepEqual(scored.body, await mcp(alice, "evaluate_response", answer));
    assert.ok((scored.body.quantifiedResults as string[]).includes("40%"));
    const exported = await mcp<Json>(alice, "export_data");
    assert.deepEqual([exported.performance, exported.trials], [[], []]);
  });

  it("POST /api/v1/performance records (201), and the analytics, milestones and export see it", async () => {
    const recorded = await api("/api/v1/performance", { body: { ...practice, questionId: "conf-technical-disagreement" } });
    assert.equal(recorded.status, 201);
    assert.equal(typeof recorded.body.recordId, "number");
    assert.equal((recorded.body.card as { questionId: string }).questionId, "conf-technical-disagreement");
    const exported = await mcp<{ performance: { id: number; accuracy: number }[] }>(alice, "export_data");
    assert.deepEqual(
      exported.performance.map((r) => [r.id, r.accuracy]),
      [[recorded.body.recordId, 0.82]],
    );

    const weekly = await api("/api/v1/analytics/weekly");
    assert.equal(weekly.status, 200);
    assert.deepEqual([weekly.body.period, (weekly.body.current as { attempts: number }).attempts], ["weekly", 1]);
    const conflictOnly = await api("/api/v1/analytics/monthly?category=technical");
    assert.deepEqual([conflictOnly.body.category, (conflictOnly.body.current as { attempts: number }).attempts], ["technical", 0]);

    const milestones = await api("/api/v1/milestones");
    assert.equal(milestones.status, 200);
    assert.equal(milestones.body.userId, "alice", "the user id is the credential's own");
    assert.ok((milestones.body.achieved as { id: string }[]).some((m) => m.id === "practice-1"));
  });

  it("POST /api/v1/ab-tests runs and records a trial (201); the strategy's performance counts it", async () => {
    const trial = await api("/api/v1/ab-tests", { body: { question: answer.question, controlVariantId: "star-focused", testVariantId: "concise" } });
    assert.equal(trial.status, 201);
    assert.equal(typeof trial.body.trialId, "number");
    assert.deepEqual([(trial.body.control as Json).variantId, (trial.body.test as Json).variantId], ["star-focused", "concise"]);
    assert.equal((trial.body.tally as { trials: number }).trials, 1);

    const variants = await api("/api/v1/variants");
    assert.deepEqual(
      (variants.body.variants as { id: string }[]).map((v) => v.id),
      ["star-focused", "example-driven", "concise", "detailed"],
    );
    const performance = await api("/api/v1/variants/concise/performance");
    assert.equal(performance.status, 200);
    assert.deepEqual([performance.body.variantId, performance.body.trials, performance.body.category], ["concise", 1, null]);
  });

  it("GET recommendations, questions and stories, with query strings coerced to the tool's numbers and booleans", async () => {
    const recommendations = await api("/api/v1/recommendations?limit=2&includeAnalytics=false");
    assert.equal(recommendations.status, 200);
    assert.equal(recommendations.body.userId, "alice");
    assert.equal((recommendations.body.recommendations as unknown[]).length, 2);
    const next = await api("/api/v1/milestones?numberOfMilestones=1");
    assert.equal((next.body.next as unknown[]).length, 1);
    const fit = await api("/api/v1/job-fit", { method: "POST", body: { jobDescription: "Requirements\n- Strong Go and Kafka.\n- Experience with React." } });
    assert.equal(fit.status, 200);
    assert.deepEqual(
      (fit.body.gaps as { name: string }[]).map((g) => g.name),
      ["React"],
    );
    const blank = await api("/api/v1/job-fit", { method: "POST", body: { jobDescription: " " } });
    assert.equal(blank.status, 400);
    assert.equal((blank.body.errors as { field: string }[])[0]!.field, "jobDescription");
    const target = await api("/api/v1/target-role", { method: "POST", body: { jobDescription: "Requirements\n- Strong Go.", role: "Backend Engineer" } });
    assert.equal((target.body.target as { role: string }).role, "Backend Engineer");
    assert.equal(((await api("/api/v1/target-role")).body.target as { role: string }).role, "Backend Engineer");
    const strategy = await api("/api/v1/strategy-recommendation?category=conflict&seed=7");
    assert.equal(strategy.status, 200);
    assert.equal(strategy.body.seed, 7);
    assert.equal(strategy.body.method, "thompson-sampling");
    assert.deepEqual(await api("/api/v1/strategy-recommendation?category=conflict&seed=7").then((again) => again.body), strategy.body);

    const all = await api("/api/v1/questions");
    assert.equal(all.status, 200);
    const total = all.body.total as number;
    assert.equal((all.body.questions as unknown[]).length, total);
    const conflict = await api("/api/v1/questions?category=conflict");
    assert.ok((conflict.body.questions as { category: string }[]).every((q) => q.category === "conflict"));
    const due = await api("/api/v1/questions?due=true");
    assert.deepEqual([due.status, due.body.questions], [200, []], "due=true is the boolean: nothing practised is due yet");
    const notDue = await api("/api/v1/questions?due=false");
    assert.equal((notDue.body.questions as unknown[]).length, total, "due=false is the boolean false, not a truthy string");

    const question = await api("/api/v1/questions/conf-technical-disagreement");
    assert.equal(question.status, 200);
    assert.equal(question.body.id, "question:conf-technical-disagreement");
    assert.equal((question.body.metadata as { card: { reps: number } }).card.reps, 1, "practised once above");

    const stories = await api("/api/v1/stories?competency=leadership");
    const ids = (stories.body.stories as { id: string; competencies: string[] }[]).map((s) => s.id);
    assert.ok(ids.includes("rabbitmq-to-kafka-migration"));
    const story = await api("/api/v1/stories/rabbitmq-to-kafka-migration");
    assert.equal(story.status, 200);
    assert.match(story.body.text as string, /## Situation[\s\S]*## Result/);
  });

  it("query strings that are not the tool's numbers or booleans, or name no input, are 400s naming the field", async () => {
    const cases: [string, string, RegExp][] = [
      ["/api/v1/recommendations?limit=abc", "limit", /expected number/],
      ["/api/v1/recommendations?limit=0", "limit", /at least 1/],
      ["/api/v1/recommendations?limit=2.5", "limit", /whole number/],
      ["/api/v1/recommendations?includeAnalytics=yes", "includeAnalytics", /true or false/],
      ["/api/v1/milestones?numberOfMilestones=31", "numberOfMilestones", /at most 30/],
      ["/api/v1/questions?category=cooking", "category", /must be one of/],
      ["/api/v1/strategy-recommendation?seed=-3", "seed", /whole number from 1/],
      ["/api/v1/analytics/hourly", "period", /"daily", "weekly" or "monthly"/],
      ["/api/v1/questions?sort=asc", "query", /Unrecognized key: "sort"/],
      ["/api/v1/recommendations?userId=bob", "query", /Unrecognized key: "userId"/],
    ];
    for (const [route, field, rule] of cases) {
      const { status, type, body } = await api(route);
      assert.equal(status, 400, route);
      assert.equal(type, "application/problem+json; charset=utf-8");
      assert.equal(body.type, "urn:interview-coach:problem:validation");
      const errors = body.errors as { field: string; rule: string }[];
      assert.equal(errors[0]!.field, field, route);
      assert.match(errors[0]!.rule, rule, route);
    }
  });

  it("bad bodies get 400 (schema) or 422 (the tool's rules) naming the field, and nothing is stored", async () => {
    const before = await mcp<Json>(alice, "export_data");
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const cases: [string, unknown, number, string, RegExp][] = [
      ["/api/v1/performance", { ...practice, accuracy: 1.5 }, 400, "accuracy", /from 0 to 1/],
      ["/api/v1/performance", { ...practice, category: undefined }, 400, "category", /must be one of/],
      ["/api/v1/performance", { ...practice, satisfaction: "4" }, 400, "satisfaction", /number from 1 to 5/],
      ["/api/v1/performance", { ...practice, extra: 1 }, 400, "body", /Unrecognized key: "extra"/],
      ["/api/v1/performance", [practice], 400, "body", /must be a JSON object/],
      ["/api/v1/performance", "{not json", 400, "body", /valid JSON/],
      ["/api/v1/performance", { ...practice, variantId: "rhyming" }, 422, "variantId", /unknown strategy "rhyming"/],
      ["/api/v1/performance", { ...practice, timestamp: future }, 422, "timestamp", /not be in the future/],
      ["/api/v1/performance", { ...practice, questionId: "conf-technical-disagreement", category: "leadership" }, 422, "category", /must be "conflict"/],
      ["/api/v1/ab-tests", { question: answer.question, controlVariantId: "concise", testVariantId: "concise" }, 422, "testVariantId", /differ/],
      ["/api/v1/ab-tests", { question: "", controlVariantId: "concise", testVariantId: "detailed" }, 400, "question", /must not be empty/],
      ["/api/v1/evaluations", { question: answer.question }, 400, "response", /must be text/],
    ];
    for (const [route, body, status, field, rule] of cases) {
      const response = await api(route, { body });
      assert.equal(response.status, status, `${route} ${JSON.stringify(body)}: ${JSON.stringify(response.body)}`);
      assert.equal(response.type, "application/problem+json; charset=utf-8");
      const errors = response.body.errors as { field: string; rule: string }[];
      assert.equal(errors[0]!.field, field, JSON.stringify(body));
      assert.match(errors[0]!.rule, rule);
      assert.match(response.body.detail as string, /nothing was changed/);
    }
    const afterwards = await mcp<Json>(alice, "export_data");
    for (const table of ["performance", "trials", "practiceCards", "milestones"]) assert.deepEqual(afterwards[table], before[table], `${table} unchanged`);
  });

  it("an unknown story, question or strategy in the path is a 404 problem naming the parameter", async () => {
    const cases: [string, string][] = [
      ["/api/v1/stories/no-such-story", "id"],
      ["/api/v1/stories/Not_An_Id", "id"],
      ["/api/v1/questions/no-such-question", "id"],
      ["/api/v1/variants/rhyming/performance", "variantId"],
    ];
    for (const [route, field] of cases) {
      const { status, type, body } = await api(route);
      assert.equal(status, 404, route);
      assert.equal(type, "application/problem+json; charset=utf-8");
      assert.equal((body.errors as { field: string }[])[0]!.field, field);
    }
    assert.equal((await api("/api/v1/nothing-here")).status, 404);
  });

  it("a known path asked with a method it does not answer is 405 with Allow; a body that is not a JSON object is 400", async () => {
    for (const [route, method, allow] of [
      ["/api/v1/questions", "PUT", "GET, HEAD"],
      ["/api/v1/stories/rabbitmq-to-kafka-migration", "DELETE", "GET, HEAD"],
      ["/api/v1/performance", "GET", "POST"],
      ["/v1/auth/token", "GET", "POST"],
    ] as const) {
      const response = await request(coach, route, { credential: alice, method });
      assert.equal(response.status, 405, `${method} ${route}`);
      assert.equal(response.headers.get("allow"), allow, `${method} ${route}`);
      assert.equal(((await response.json()) as { title: string }).title, "Method Not Allowed");
    }
    for (const body of [null, 5, '"scope"', ["memory:access"]]) {
      const { status, body: problem } = await api("/v1/auth/token", { method: "POST", body });
      assert.equal(status, 400, JSON.stringify(body));
      assert.deepEqual((problem.errors as { field: string; rule: string }[])[0], { field: "body", rule: "must be a JSON object" });
    }
    const before = await mcp<{ performance: unknown[] }>(alice, "export_data");
    assert.equal((await api("/api/v1/performance", { method: "POST", body: null })).status, 400);
    assert.equal((await mcp<{ performance: unknown[] }>(alice, "export_data")).performance.length, before.performance.length, "nothing stored");
  });

  it("no credential is 401 with a challenge, a key without memory:access is 403, an access token works", async () => {
    const reader = await createKey(dir, "alice", ["project:read"]);
    const routes: [string, string, unknown?][] = [
      ["POST", "/api/v1/evaluations", answer],
      ["POST", "/api/v1/ab-tests", { question: answer.question, controlVariantId: "concise", testVariantId: "detailed" }],
      ["POST", "/api/v1/performance", practice],
      ["GET", "/api/v1/analytics/daily"],
      ["GET", "/api/v1/variants"],
      ["GET", "/api/v1/variants/concise/performance"],
      ["GET", "/api/v1/recommendations"],
      ["GET", "/api/v1/milestones"],
      ["GET", "/api/v1/questions"],
      ["GET", "/api/v1/questions/conf-technical-disagreement"],
      ["GET", "/api/v1/stories"],
      ["GET", "/api/v1/stories/rabbitmq-to-kafka-migration"],
    ];
    const before = await mcp<Json>(alice, "export_data");
    for (const [method, route, body] of routes) {
      const anonymous = await request(coach, route, { method, body });
      assert.equal(anonymous.status, 401, `${method} ${route}`);
      assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Bearer realm="interview-coach"/);
      const scoped = await request(coach, route, { method, body, credential: reader });
      assert.equal(scoped.status, 403, `${method} ${route}`);
      assert.equal(((await scoped.json()) as Json).type, "urn:interview-coach:problem:insufficient-scope");
      assert.match(scoped.headers.get("www-authenticate") ?? "", /error="insufficient_scope", scope="memory:access"/);
    }
    const afterwards = await mcp<Json>(alice, "export_data");
    assert.deepEqual([afterwards.performance, afterwards.trials], [before.performance, before.trials], "refused writes stored nothing");

    const issued = (await (await request(coach, "/v1/auth/token", { credential: alice, body: {} })).json()) as { access_token: string };
    const viaToken = await api("/api/v1/milestones", { key: issued.access_token });
    assert.deepEqual([viaToken.status, viaToken.body.userId], [200, "alice"]);
  });

  it("each user reaches only their own data: bob sees none of alice's practice", async () => {
    const report = await api("/api/v1/analytics/monthly", { key: bob });
    assert.equal((report.body.current as { attempts: number }).attempts, 0);
    const performance = await api("/api/v1/variants/concise/performance", { key: bob });
    assert.equal(performance.body.trials, 0);
    const question = await api("/api/v1/questions/conf-technical-disagreement", { key: bob });
    assert.equal((question.body.metadata as { card: unknown }).card, null);
  });

  it("every url the connector's search returns resolves over HTTP (200), to what fetch returns", async () => {
    const remote = await connectMcp(coach, alice);
    try {
      const urls = new Map<string, string>();
      for (const query of ["kafka migration", "conflict with a teammate", "weekly analytics", "leadership", "report", "failure", "system design"]) {
        const found = await remote.call("search", { query });
        for (const r of (found.structuredContent as { results: { id: string; url: string }[] }).results) urls.set(r.id, r.url);
      }
      const kinds = new Set([...urls.keys()].map((id) => id.split(":")[0]));
      assert.deepEqual([...kinds].sort(), ["question", "report", "story"]);
      for (const [id, url] of urls) {
        assert.ok(url.startsWith(`${coach.url}/api/v1/`), url);
        const response = await request(coach, url.slice(coach.url.length), { credential: alice });
        assert.equal(response.status, 200, url);
        const body = (await response.json()) as Json;
        if (id.startsWith("report:")) {
          assert.equal(body.period, id.slice("report:".length));
          continue;
        }
        const fetched = (await remote.call("fetch", { id })).structuredContent;
        assert.deepEqual(body, fetched, `${url} is the document fetch returns for ${id}`);
      }
    } finally {
      await remote.close();
    }
  });
});
