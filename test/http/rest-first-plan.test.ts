import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectMcp, createKey, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";

type Json = Record<string, unknown>;
interface Problem {
  status: number;
  errors?: { field: string; rule: string }[];
}

const PRACTICE = [
  { accuracy: 0.9, storyCoverage: 0.75, satisfaction: 5, responseTime: 80, category: "conflict" },
  { accuracy: 0.5, storyCoverage: 0.25, satisfaction: 3, responseTime: 140, category: "leadership" },
];
/** Three conflict questions the person answered better in the concise strategy than in star-focused. */
const CONFLICT_TRIALS = [
  "Tell me about a time you disagreed with your manager.",
  "Tell me about a conflict with a peer team.",
  "Describe a disagreement with a customer.",
];
const QUESTION = "Tell me about a time you disagreed with a colleague.";

/** A report with every timestamp blanked: two calls a few milliseconds apart differ only there. */
const untimed = (report: Json) => JSON.parse(JSON.stringify(report).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"')) as Json;

describe("REST routes of the product's first plan outside /api/v1", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let alice: string;
  let projectsOnly: string;
  const api = async <T = Json>(route: string, init: { key?: string | null; body?: unknown; method?: string } = {}) => {
    const response = await request(coach, route, { credential: init.key === null ? undefined : (init.key ?? alice), body: init.body, method: init.method });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  const mcp = async <T = Json>(name: string, args: Json = {}) => {
    const remote = await connectMcp(coach, alice);
    try {
      const result = await remote.call(name, args);
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      return result.structuredContent as T;
    } finally {
      await remote.close();
    }
  };
  const stored = async () => {
    const { performance, trials, practiceCards, milestones, targetRole } = await mcp("export_data");
    return { performance, trials, practiceCards, milestones, targetRole };
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-first-plan-"));
    [alice, projectsOnly] = await Promise.all([createKey(dir, "alice", ["memory:access"]), createKey(dir, "alice", ["project:read"])]);
    coach = await startHttpCoach({ dataDir: dir, args: ["--rate-limit", "10000"] });
    for (const record of PRACTICE) assert.equal((await api("/api/v1/performance", { body: record })).status, 201);
    for (const question of CONFLICT_TRIALS) {
      const trial = await api("/api/v1/ab-tests", {
        body: { question, category: "conflict", controlVariantId: "star-focused", testVariantId: "concise", preferred: "test" },
      });
      assert.equal(trial.status, 201);
    }
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("POST /api/chat/interview-prep", () => {
    it("prepares from the person's data: the stories that fit, the strategy their trials favour, a template draft and its rubric score (200); stores nothing", async () => {
      const before = await stored();
      const prep = await api("/api/chat/interview-prep", { body: { question: QUESTION, category: "conflict" } });
      assert.equal(prep.status, 200);
      assert.match(prep.headers.get("content-type") ?? "", /^application\/json/);
      assert.deepEqual([prep.body.question, prep.body.category], [QUESTION, "conflict"]);

      const strategy = prep.body.strategy as {
        variantId: string;
        seed: number;
        category: string;
        strategies: { variantId: string; wins: number; losses: number }[];
      };
      assert.equal(strategy.category, "conflict");
      const record = (id: string) => strategy.strategies.find((s) => s.variantId === id)!;
      assert.deepEqual([record("concise").wins, record("star-focused").losses], [3, 3], "the posterior counts the person's conflict trials");
      assert.deepEqual(
        strategy,
        (await api(`/api/v1/strategy-recommendation?category=conflict&seed=${strategy.seed}`)).body,
        "recommendStrategy replays the same draws",
      );

      const draft = prep.body.draft as { response: string; variantId: string; source: string; storyIds: string[] };
      assert.deepEqual([draft.source, draft.variantId], ["template", strategy.variantId]);
      assert.deepEqual(draft, await mcp("generate_response", { question: QUESTION, variantId: strategy.variantId, category: "conflict" }));
      const scored = await api("/api/v1/evaluations", { body: { question: QUESTION, response: draft.response, category: "conflict" } });
      assert.deepEqual(prep.body.evaluation, scored.body, "the draft's evaluation is the rubric's, as POST /api/v1/evaluations gives it");

      const stories = prep.body.stories as { storyId: string; competencies: string[]; sharedCompetencies: string[] }[];
      const twin = (await api<{ stories: { id: string; competencies: string[] }[] }>("/api/v1/stories")).body.stories;
      assert.equal(stories.length, 3);
      assert.equal(stories[0]!.storyId, draft.storyIds[0], "the draft tells the best-fitting story");
      assert.deepEqual(stories[0]!.sharedCompetencies, ["conflict-resolution"]);
      for (const story of stories) {
        assert.deepEqual(story.competencies, twin.find((s) => s.id === story.storyId)!.competencies, story.storyId);
        assert.deepEqual(
          story.sharedCompetencies,
          (prep.body.competencies as string[]).filter((c) => story.competencies.includes(c)),
          story.storyId,
        );
      }
      assert.deepEqual(await stored(), before);
    });

    it("without a category none is guessed: the strategy draws on every category's trials, the rubric scores without one", async () => {
      const prep = await api("/api/chat/interview-prep", { body: { question: QUESTION } });
      assert.equal(prep.status, 200);
      assert.equal(prep.body.category, null);
      const strategy = prep.body.strategy as { seed: number; category: null };
      assert.equal(strategy.category, null);
      assert.deepEqual(strategy, (await api(`/api/v1/strategy-recommendation?seed=${strategy.seed}`)).body);
      const draft = prep.body.draft as { response: string };
      assert.deepEqual(prep.body.evaluation, (await api("/api/v1/evaluations", { body: { question: QUESTION, response: draft.response } })).body);
      assert.ok((prep.body.competencies as string[]).includes("conflict-resolution"), "competencies come from the question's words");
    });

    it("bad input is a 400 naming the field and its rule, and nothing is stored", async () => {
      const before = await stored();
      const cases: [unknown, string, RegExp][] = [
        [{}, "question", /must be text/],
        [{ question: "   " }, "question", /must not be empty/],
        [{ question: "x".repeat(1_001) }, "question", /at most 1000 characters/],
        [{ question: QUESTION, category: "astrology" }, "category", /must be one of: leadership/],
        [{ question: QUESTION, category: 7 }, "category", /must be one of/],
        [[QUESTION], "body", /JSON object/],
      ];
      for (const [body, field, rule] of cases) {
        const refused = await api<Problem>("/api/chat/interview-prep", { body });
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.match(refused.headers.get("content-type") ?? "", /^application\/problem\+json/);
        const error = refused.body.errors!.find((e) => e.field === field);
        assert.ok(error, `${JSON.stringify(body)} names ${field}: ${JSON.stringify(refused.body.errors)}`);
        assert.match(error.rule, rule);
      }
      assert.equal((await api("/api/chat/interview-prep", { body: { question: QUESTION, questionId: "conf-1" } })).status, 400, "a field outside the contract");
      assert.deepEqual(await stored(), before);
    });
  });

  describe("GET /api/analytics/performance", () => {
    it("is the analytics report of /api/v1/analytics/{period}, from the person's practice (200)", async () => {
      const weekly = await api("/api/analytics/performance?period=weekly");
      assert.equal(weekly.status, 200);
      const current = weekly.body.current as { attempts: number; accuracy: number; satisfaction: number };
      assert.deepEqual([weekly.body.period, current.attempts, current.accuracy, current.satisfaction], ["weekly", 2, 0.7, 4]);
      assert.deepEqual(untimed(weekly.body), untimed((await api("/api/v1/analytics/weekly")).body));
      const conflict = await api("/api/analytics/performance?period=monthly&category=conflict");
      assert.deepEqual([conflict.body.category, (conflict.body.current as { attempts: number }).attempts], ["conflict", 1]);
      assert.deepEqual(untimed(conflict.body), untimed((await api("/api/v1/analytics/monthly?category=conflict")).body));
      assert.equal((await api("/api/analytics/performance?period=daily")).status, 200);
    });

    it("a period other than daily, weekly or monthly, or none, is a 400 naming period", async () => {
      for (const query of ["?period=yearly", "?period=", "?period=Weekly", ""]) {
        const refused = await api<Problem>(`/api/analytics/performance${query}`);
        assert.equal(refused.status, 400, query);
        assert.deepEqual(refused.body.errors, [{ field: "period", rule: 'must be "daily", "weekly" or "monthly"' }], query);
      }
    });
  });

  it("both need a credential (401 with the Bearer challenge) carrying memory:access (403)", async () => {
    const calls = [
      { route: "/api/chat/interview-prep", body: { question: QUESTION } },
      { route: "/api/analytics/performance?period=weekly", body: undefined },
    ];
    for (const { route, body } of calls) {
      const anonymous = await api<Problem>(route, { key: null, body });
      assert.equal(anonymous.status, 401, route);
      assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Bearer realm="interview-coach"/);
      const unscoped = await api<Problem>(route, { key: projectsOnly, body });
      assert.equal(unscoped.status, 403, route);
      assert.match(unscoped.headers.get("www-authenticate") ?? "", /error="insufficient_scope", scope="memory:access"/);
    }
  });
});
