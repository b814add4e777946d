import assert from "node:assert/strict";
import { CATEGORIES } from "../../mcp-server/src/domain/vocabulary.js";
import { errorText, startCoach, type Harness } from "../support/in-memory-coach.js";

const DAY = 86_400_000;
const QUESTION = "Tell me about a time you disagreed with a product manager.";

describe("MCP tools over the SDK client", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startCoach();
  });
  afterEach(() => h.close());

  it("lists every tool with input and output schemas and honest annotations", async () => {
    const { tools } = await h.client.listTools();
    const names = tools.map((t) => t.name);
    for (const required of [
      "run_ab_test",
      "get_analytics_report",
      "get_variant_performance",
      "record_performance",
      "get_personalized_recommendations",
      "get_next_milestones",
      "get_profile",
      "get_star_stories",
      "search_experience",
      "list_questions",
      "practice_question",
      "list_variants",
      "generate_response",
      "evaluate_response",
      "recommend_strategy",
      "analyze_job_fit",
      "set_target_role",
      "get_target_role",
    ]) {
      assert.ok(names.includes(required), required);
    }
    const writers = new Set(["run_ab_test", "record_performance", "delete_all_data", "set_target_role"]);
    // recommend_strategy only reads, but an unseeded call draws afresh: not idempotent.
    assert.equal(tools.find((t) => t.name === "recommend_strategy")?.annotations?.idempotentHint, false);
    for (const tool of tools) {
      assert.equal(tool.outputSchema?.type, "object", tool.name);
      assert.equal(tool.inputSchema.type, "object", tool.name);
      assert.ok(tool.description && tool.title, tool.name);
      assert.equal(tool.annotations?.readOnlyHint, !writers.has(tool.name), tool.name);
    }
    assert.equal(tools.find((t) => t.name === "delete_all_data")?.annotations?.destructiveHint, true);
  });

  it("returns structuredContent and the same JSON as text", async () => {
    const result = await h.call("list_variants");
    assert.ok(!result.isError);
    const text = result.content[0];
    assert.ok(text && text.type === "text");
    assert.deepEqual(JSON.parse(text.text), result.structuredContent);
  });

  it("serves the twin: profile, stories by competency and tag, ranked search", async () => {
    const { profile, storyCount } = await h.ok<{ profile: { name: string }; storyCount: number }>("get_profile");
    assert.ok(profile.name && storyCount >= 8);
    const { stories } = await h.ok<{ stories: { competencies: string[]; tags: string[] }[] }>("get_star_stories", { competency: "mentoring" });
    assert.ok(stories.length >= 1 && stories.every((s) => s.competencies.includes("mentoring")));
    const tagged = await h.ok<{ stories: { tags: string[] }[] }>("get_star_stories", { tag: stories[0]!.tags[0] });
    assert.ok(tagged.stories.length >= 1);
    const search = await h.ok<{ results: { storyId: string; score: number }[] }>("search_experience", { query: "kafka migration" });
    assert.equal(search.results[0]?.storyId, "rabbitmq-to-kafka-migration");
    assert.ok(search.results.every((r, i, all) => i === 0 || all[i - 1]!.score >= r.score));
  });

  it("drafts from the twin and scores the draft", async () => {
    const draft = await h.ok<{ response: string; storyIds: string[]; source: string }>("generate_response", { question: QUESTION, variantId: "star-focused" });
    assert.equal(draft.source, "template");
    const score = await h.ok<{ overall: number; recognisedStories: { storyId: string }[]; feedback: unknown[] }>("evaluate_response", {
      question: QUESTION,
      response: draft.response,
      category: "conflict",
    });
    assert.ok(score.overall >= 60);
    assert.equal(score.recognisedStories[0]?.storyId, draft.storyIds[0]);
  });

  it("run_ab_test records trials and reports the exact posterior over the pair", async () => {
    type Trial = {
      tally: { trials: number; controlWins: number; testWins: number; ties: number };
      probabilityTestBetter: number;
      confidence: number;
      status: string;
      winner: string;
      evidence: number;
      decidedAfter: number | null;
      alwaysValidPValue: number;
      expectedLossOfLeader: number;
    };
    const base = { controlVariantId: "concise", testVariantId: "star-focused", category: "conflict" };
    const who = ["a product manager", "a staff engineer", "your manager", "a designer", "a customer", "a director", "a peer", "an architect"];
    const questions = who.map((person) => `Tell me about a time you disagreed with ${person}.`);
    let last: Trial | undefined;
    for (const question of questions.slice(0, 4)) last = await h.ok<Trial>("run_ab_test", { ...base, question, preferred: "test" });
    assert.equal(last?.status, "insufficient_data");
    last = await h.ok<Trial>("run_ab_test", { ...base, question: questions[4], preferred: "test" });
    assert.deepEqual(last.tally, { trials: 5, controlWins: 0, testWins: 5, ties: 0 });
    assert.ok(Math.abs(last.probabilityTestBetter - 63 / 64) < 1e-12);
    // 63/64 is shown, but five straight wins are not yet evidence that survives looking after each trial.
    assert.equal(last.status, "leaning");
    assert.ok(Math.abs(last.evidence - 32 / 6) < 1e-9);
    assert.ok(last.expectedLossOfLeader > 0 && last.expectedLossOfLeader < 0.01);
    for (const question of questions.slice(5)) last = await h.ok<Trial>("run_ab_test", { ...base, question, preferred: "test" });
    assert.equal(last.status, "decided");
    assert.equal(last.decidedAfter, 8);
    assert.ok(Math.abs(last.alwaysValidPValue - 9 / 256) < 1e-9);
    assert.equal(last.winner, "star-focused");
    const reversed = await h.ok<Trial>("run_ab_test", {
      ...base,
      question: QUESTION.replace("product manager", "tech lead"),
      controlVariantId: "star-focused",
      testVariantId: "concise",
      preferred: "tie",
    });
    assert.deepEqual(reversed.tally, { trials: 9, controlWins: 8, testWins: 0, ties: 1 });
    assert.equal(reversed.status, "decided");
    assert.equal(reversed.winner, "star-focused");
    const perf = await h.ok<{ trials: number; wins: number; ties: number; winRate: number; winRateInterval: [number, number] }>("get_variant_performance", {
      variantId: "star-focused",
    });
    assert.deepEqual([perf.trials, perf.wins, perf.ties], [9, 8, 1]);
    assert.ok(Math.abs(perf.winRate - 8.5 / 9) < 1e-12);
    assert.ok(perf.winRateInterval[0] < perf.winRate && perf.winRate < perf.winRateInterval[1]);
  });

  it("recommend_strategy draws from each strategy's posterior in the category, explains the draws, and replays from its seed", async () => {
    type Choice = {
      variantId: string;
      seed: number;
      method: string;
      reason: string;
      strategies: { variantId: string; wins: number; losses: number; draw: number; probabilityBest: number }[];
    };
    for (const who of ["a product manager", "a designer", "a director", "a peer", "an architect", "a customer"]) {
      await h.ok("run_ab_test", {
        question: `Tell me about a time you disagreed with ${who}.`,
        category: "conflict",
        controlVariantId: "concise",
        testVariantId: "detailed",
        preferred: "test",
      });
    }
    const choice = await h.ok<Choice>("recommend_strategy", { category: "conflict", seed: 99 });
    assert.equal(choice.method, "thompson-sampling");
    const detailed = choice.strategies.find((s) => s.variantId === "detailed")!;
    assert.deepEqual([detailed.wins, detailed.losses], [6, 0]);
    assert.deepEqual([choice.strategies.find((s) => s.variantId === "concise")!.losses], [6]);
    assert.equal(choice.variantId, [...choice.strategies].sort((a, b) => b.draw - a.draw)[0]!.variantId);
    assert.ok(detailed.probabilityBest > 0.4, `${detailed.probabilityBest}`);
    assert.match(choice.reason, /drew 0\.\d\d from its posterior, the highest/);
    assert.deepEqual(await h.ok<Choice>("recommend_strategy", { category: "conflict", seed: 99 }), choice);
    const elsewhere = await h.ok<Choice>("recommend_strategy", { category: "technical", seed: 99 });
    assert.ok(
      elsewhere.strategies.every((s) => s.wins === 0 && s.losses === 0),
      "conflict trials say nothing about technical questions",
    );
    const bad = await h.call("recommend_strategy", { category: "cooking" });
    assert.equal(bad.isError, true);
    assert.match(errorText(bad), /category/);
    const badSeed = await h.call("recommend_strategy", { seed: 0 });
    assert.match(errorText(badSeed), /seed/);
  });

  it("the same two answers to the same question judged again replace the earlier judgment, not add to it", async () => {
    type Trial = { tally: { trials: number; testWins: number; controlWins: number }; countedAsNew: boolean };
    const args = { question: QUESTION, controlVariantId: "concise", testVariantId: "star-focused" };
    const first = await h.ok<Trial>("run_ab_test", { ...args, preferred: "test" });
    assert.equal(first.countedAsNew, true);
    const again = await h.ok<Trial>("run_ab_test", { ...args, preferred: "control" });
    assert.equal(again.countedAsNew, false);
    assert.deepEqual([again.tally.trials, again.tally.testWins, again.tally.controlWins], [1, 0, 1]);
    const swapped = await h.ok<Trial>("run_ab_test", { question: QUESTION, controlVariantId: "star-focused", testVariantId: "concise", preferred: "test" });
    assert.equal(swapped.countedAsNew, false, "the same head-to-head in the other orientation");
    assert.equal(swapped.tally.trials, 1);
  });

  it("run_ab_test takes a question the caller brings under its own id, and its trials add up under that id", async () => {
    type Trial = { questionId: string | null; category: string | null; countedAsNew: boolean };
    const own = { questionId: "acme-onsite-3", question: "Tell me about a time you had to ship with incomplete information.", category: "adaptability" };
    const first = await h.ok<Trial>("run_ab_test", { ...own, controlVariantId: "concise", testVariantId: "star-focused", preferred: "test" });
    assert.equal(first.questionId, "acme-onsite-3");
    assert.equal(first.category, "adaptability");
    const second = await h.ok<Trial>("run_ab_test", { ...own, controlVariantId: "detailed", testVariantId: "example-driven", preferred: "control" });
    assert.equal(second.countedAsNew, true);
    const { trials } = await h.ok<{ trials: { question_id: string | null }[] }>("export_data", {});
    assert.equal(trials.filter((t) => t.question_id === "acme-onsite-3").length, 2);
  });

  it("run_ab_test without a pick lets the rubric judge and keeps pre-drafted answers", async () => {
    const result = await h.ok<{
      judgedBy: string;
      outcome: string;
      control: { source: string; evaluation: { overall: number } };
      test: { source: string; evaluation: { overall: number } };
    }>("run_ab_test", {
      question: QUESTION,
      controlVariantId: "concise",
      testVariantId: "detailed",
      controlResponse: "I would talk to them.",
      testResponse:
        "I disagreed with our PM about a launch date in 2024. I asked for a call, quantified the risk at 48 double payouts a day, and proposed a phased launch. We shipped on time to 200 sellers and had zero duplicate payouts.",
      responseSource: "llm",
    });
    assert.equal(result.judgedBy, "rubric");
    assert.equal(result.outcome, "test");
    assert.equal(result.control.source, "llm");
    assert.ok(result.test.evaluation.overall > result.control.evaluation.overall);
  });

  it("record_performance feeds analytics, milestones, the schedule and recommendations", async () => {
    const start = h.clock.now;
    for (let d = 4; d >= 0; d--) {
      await h.ok("record_performance", {
        accuracy: 0.5,
        storyCoverage: 0.4,
        satisfaction: 3,
        responseTime: 100 + d * 10,
        category: "conflict",
        questionId: "conf-technical-disagreement",
        timestamp: new Date(start - d * DAY).toISOString(),
      });
    }
    await h.ok("record_performance", { accuracy: 0.9, storyCoverage: 0.8, satisfaction: 5, responseTime: 80, category: "leadership" });
    type Report = { current: { attempts: number; accuracy: number; responseTime: { p50: number } }; weakestCategory: { category: string }; streakDays: number };
    const weekly = await h.ok<Report>("get_analytics_report", { period: "weekly" });
    assert.equal(weekly.current.attempts, 6);
    assert.equal(weekly.current.accuracy, Math.round(((0.5 * 5 + 0.9) / 6) * 1000) / 1000);
    assert.equal(weekly.weakestCategory.category, "conflict");
    assert.equal(weekly.streakDays, 5);
    // The published contract's flat metrics: the period's means, the same figures as the current window.
    const withMetrics = weekly as Report & {
      metrics: { accuracy: number; storyCoverage: number; satisfaction: number; responseTime: number };
      recommendations: unknown[];
    };
    assert.deepEqual(withMetrics.metrics, {
      accuracy: weekly.current.accuracy,
      storyCoverage: Math.round(((0.4 * 5 + 0.8) / 6) * 1000) / 1000,
      satisfaction: Math.round(((3 * 5 + 5) / 6) * 100) / 100,
      responseTime: Math.round(((100 + 110 + 120 + 130 + 140 + 80) / 6) * 10) / 10,
    });
    assert.ok(Array.isArray(withMetrics.recommendations));
    const daily = await h.ok<Report & { previous: { attempts: number } }>("get_analytics_report", { period: "daily", category: "conflict" });
    assert.equal(daily.current.attempts, 1);
    assert.equal(daily.previous.attempts, 1);
    const milestones = await h.ok<{ achieved: { id: string }[]; next: { id: string; progress: number }[] }>("get_next_milestones", { numberOfMilestones: 3 });
    assert.ok(milestones.achieved.some((m) => m.id === "streak-3"));
    assert.equal(milestones.next.length, 3);
    const questions = await h.ok<{ questions: { id: string; card: { reps: number } | null }[] }>("list_questions", { category: "conflict" });
    assert.equal(questions.questions.find((q) => q.id === "conf-technical-disagreement")?.card?.reps, 5);
    const recs = await h.ok<{ recommendations: { rank: number; action: { type: string; category?: string } }[] }>("get_personalized_recommendations", {
      limit: 5,
    });
    assert.ok(recs.recommendations.length > 0 && recs.recommendations.length <= 5);
    assert.ok(recs.recommendations.some((r) => r.action.type === "practise_question" && r.action.category === "conflict"));
  });

  it("record_performance records an attempt sent again under the same attemptId once, and moves its schedule once", async () => {
    const attempt = {
      accuracy: 0.7,
      storyCoverage: 0.5,
      satisfaction: 4,
      responseTime: 75,
      category: "conflict",
      questionId: "conf-technical-disagreement",
      attemptId: "browser-6f1c2d",
    };
    type Recorded = { recordId: number; judgedBy: string; card: { reps: number; due: string } };
    const first = await h.ok<Recorded>("record_performance", { ...attempt, judgedBy: "person" });
    h.clock.now += 60_000;
    const again = await h.ok<Recorded>("record_performance", { ...attempt, judgedBy: "rubric" });
    assert.equal(again.recordId, first.recordId, "the first record is returned");
    assert.equal(again.judgedBy, "person", "the answer describes the record as stored, not the retry");
    assert.deepEqual(again.card, first.card, "the card was reviewed once");
    assert.equal((await h.ok<{ current: { attempts: number } }>("get_analytics_report", { period: "weekly" })).current.attempts, 1);
    const other = await h.ok<Recorded>("record_performance", { ...attempt, attemptId: "browser-77aa01" });
    assert.notEqual(other.recordId, first.recordId);
    const bad = await h.call("record_performance", { ...attempt, attemptId: "has spaces" });
    assert.equal(bad.isError, true);
    assert.match(JSON.stringify(bad.content), /attemptId/);
  });

  it("record_performance schedules a backfilled attempt from its own timestamp, not from when it was sent", async () => {
    const attempt = { accuracy: 0.95, storyCoverage: 0.5, satisfaction: 4, responseTime: 75, category: "conflict" };
    type Recorded = { recordedAt: string; card: { due: string } };
    const now = await h.ok<Recorded>("record_performance", { ...attempt, questionId: "conf-technical-disagreement" });
    const earlier = new Date(h.clock.now - 20 * 86_400_000).toISOString();
    const backfilled = await h.ok<Recorded>("record_performance", { ...attempt, questionId: "conf-push-back-senior", timestamp: earlier });
    assert.equal(backfilled.recordedAt, earlier);
    assert.equal(Date.parse(now.card.due) - Date.parse(backfilled.card.due), 20 * 86_400_000, "the same first review, 20 days earlier");
  });

  it("practice_question offers a due review first, otherwise a category not yet practised", async () => {
    const fresh = await h.ok<{ reason: string; question: { category: string }; suggestedStoryIds: string[] }>("practice_question");
    assert.equal(fresh.reason, "new-category");
    assert.equal(fresh.question.category, CATEGORIES[0]);
    assert.ok(fresh.suggestedStoryIds.length > 0);
    await h.ok("record_performance", {
      accuracy: 0.2,
      storyCoverage: 0.2,
      satisfaction: 2,
      responseTime: 60,
      category: "teamwork",
      questionId: "team-cross-functional",
    });
    assert.equal((await h.ok<{ dueCount: number }>("list_questions", { due: true })).dueCount, 0);
    h.clock.now += 30 * DAY;
    const due = await h.ok<{ reason: string; question: { id: string } }>("practice_question");
    assert.equal(due.reason, "due");
    const listed = await h.ok<{ questions: { id: string }[]; dueCount: number }>("list_questions", { due: true });
    assert.equal(listed.dueCount, 1);
    assert.equal(listed.questions[0]?.id, due.question.id);
  });

  it("exports everything and deletes only with confirmation", async () => {
    await h.ok("record_performance", { accuracy: 0.6, storyCoverage: 0.5, satisfaction: 4, responseTime: 60, category: "conflict" });
    const exported = await h.ok<{ performance: unknown[] }>("export_data");
    assert.equal(exported.performance.length, 1);
    assert.ok((await h.call("delete_all_data", { confirm: "yes" })).isError);
    assert.equal((await h.ok<{ performance: unknown[] }>("export_data")).performance.length, 1);
    const deleted = await h.ok<{ deleted: { performance: number } }>("delete_all_data", { confirm: "DELETE" });
    assert.equal(deleted.deleted.performance, 1);
    assert.equal((await h.ok<{ performance: unknown[] }>("export_data")).performance.length, 0);
  });
});
