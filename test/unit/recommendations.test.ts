import assert from "node:assert/strict";
import { analyticsReport } from "../../mcp-server/src/domain/analytics.js";
import type { Trial, TrialOutcome } from "../../mcp-server/src/domain/experiments.js";
import type { PerformanceRecord } from "../../mcp-server/src/domain/performance.js";
import { QUESTION_BANK } from "../../mcp-server/src/domain/questions/index.js";
import type { Gap } from "../../mcp-server/src/domain/job-fit/index.js";
import { personalisedRecommendations, type RecommendationInput } from "../../mcp-server/src/domain/recommendations.js";
import type { PracticeCard } from "../../mcp-server/src/domain/scheduling.js";
import type { Story } from "../../mcp-server/src/domain/types.js";
import { CATEGORIES, COMPETENCIES, type Category } from "../../mcp-server/src/domain/vocabulary.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let nextId = 1;
function rec(category: Category, accuracy: number, questionId: string | null = null): PerformanceRecord {
  return { id: nextId++, recordedAt: NOW - HOUR, category, questionId, variantId: null, accuracy, storyCoverage: 0.8, satisfaction: 4, responseTime: 90 };
}

function card(questionId: string, due: number, lastScore: number | null = 60): PracticeCard {
  return {
    questionId,
    due,
    stability: 3,
    difficulty: 5,
    scheduledDays: 3,
    learningSteps: 0,
    reps: 3,
    lapses: 0,
    state: 2,
    lastReview: due - 3 * DAY,
    lastScore,
  };
}

function trial(controlVariantId: string, testVariantId: string, outcome: TrialOutcome, category: Category | null): Trial {
  return {
    id: nextId++,
    recordedAt: NOW - HOUR,
    questionId: null,
    question: "Q",
    category,
    controlVariantId,
    testVariantId,
    controlScore: 60,
    testScore: 60,
    outcome,
    judgedBy: "rubric",
  };
}

/** A complete story covering every competency, so no story or coverage gap is recommended unless a test adds one. */
function story(id: string, overrides: Partial<Story> = {}): Story {
  return {
    id,
    title: `Story ${id}`,
    competencies: [...COMPETENCIES],
    tags: [],
    metrics: ["p99 latency 1.4 s → 290 ms"],
    situation: "Checkout was slow.",
    task: "Make it fast.",
    action: "I profiled the service and I removed a blocking call.",
    result: "Latency fell by 80%.",
    learnings: "Measure first.",
    line: 1,
    ...overrides,
  };
}

function input(overrides: Partial<RecommendationInput> = {}): RecommendationInput {
  return { questions: QUESTION_BANK, stories: [story("complete")], records: [], trials: [], cards: [], report: null, now: NOW, ...overrides };
}

const idsIn = (category: Category) => QUESTION_BANK.filter((q) => q.category === category).map((q) => q.id);
/** Every category practised once at 0.9, so no category is weak or new. */
const allPractised = () => CATEGORIES.map((c) => rec(c, 0.9));

describe("personalised recommendations", () => {
  it("a new user first gets a high-priority question from the first category", () => {
    const recs = personalisedRecommendations(input({ stories: [] }), 10);
    const first = recs[0]!;
    assert.equal(first.rank, 1);
    assert.equal(first.priority, "high");
    assert.deepEqual(first.action, { type: "practise_question", questionId: QUESTION_BANK[0]!.id, question: QUESTION_BANK[0]!.text, category: "leadership" });
    assert.equal(first.evidence.attempts, 0);
  });

  it("an analytics report does not add a second practise_question for the same category", () => {
    const report = analyticsReport([], { period: "weekly", now: NOW, utcOffsetMinutes: 0 });
    const recs = personalisedRecommendations(input({ report }), 10);
    assert.equal(recs.filter((r) => r.action.type === "practise_question" && r.action.category === "leadership").length, 1);
  });

  it("a weak category (accuracy 0.4 over 3 attempts) gives a high practise_question in it with the accuracy as evidence", () => {
    const records = [...allPractised().filter((r) => r.category !== "conflict"), rec("conflict", 0.3), rec("conflict", 0.4), rec("conflict", 0.5)];
    const recs = personalisedRecommendations(input({ records }), 10);
    const weak = recs.find((r) => r.action.type === "practise_question" && r.action.category === "conflict");
    assert.ok(weak, JSON.stringify(recs));
    assert.equal(weak.priority, "high");
    assert.deepEqual(weak.evidence, { category: "conflict", accuracy: 0.4, attempts: 3, window: "30 days" }); // (0.3 + 0.4 + 0.5) / 3
    assert.equal(weak.action.type === "practise_question" && weak.action.questionId, idsIn("conflict")[0]);
    assert.equal(recs[0], weak);
  });

  it("the weak-category question is one never practised, not the one already practised (questionInCategory's rule)", () => {
    const conflict = idsIn("conflict");
    const records = [...allPractised().filter((r) => r.category !== "conflict"), ...[0.3, 0.4, 0.5].map((a) => rec("conflict", a, conflict[0]!))];
    const cards = [card(conflict[0]!, NOW + 2 * DAY, 35)]; // practised three times, not yet due again
    const recs = personalisedRecommendations(input({ records, cards }), 10);
    const weak = recs.find((r) => r.action.type === "practise_question" && r.action.category === "conflict");
    assert.ok(weak);
    assert.equal(weak.action.type === "practise_question" && weak.action.questionId, conflict[1]);
  });

  it("an overdue card is a review recommendation ranked first", () => {
    const trials = Array.from({ length: 5 }, () => trial("star-focused", "concise", "test", "conflict")); // medium, decided
    const cards = [card("lead-grow-engineer", NOW - 2 * DAY - HOUR, 35), card("team-step-in", NOW - HOUR), card("fail-wrong-bet", NOW + DAY)];
    const stories = [story("complete"), story("vague", { metrics: [], result: "It went well." })];
    const recs = personalisedRecommendations(input({ records: allPractised(), cards, trials, stories }), 10);
    const first = recs[0]!;
    assert.match(first.title, /Review a due question \(2 due\)/);
    assert.equal(first.priority, "high");
    assert.equal(first.action.type === "practise_question" && first.action.questionId, "lead-grow-engineer");
    assert.deepEqual(first.evidence, { dueQuestions: 2, overdueDays: 2, lastScore: 35, reviews: 3 });
    const oneDay = personalisedRecommendations(input({ records: allPractised(), cards: [card("team-step-in", NOW - DAY)] }), 10)[0]!;
    assert.equal(oneDay.priority, "high"); // exactly one day overdue
    assert.equal(oneDay.evidence.overdueDays, 1);
    const soon = personalisedRecommendations(input({ records: allPractised(), cards: [card("team-step-in", NOW - HOUR)] }), 10)[0]!;
    assert.equal(soon.priority, "medium"); // less than a day overdue
    assert.equal(soon.evidence.overdueDays, 0);
  });

  it("a decided pair in a category recommends the winner over the loser, in either orientation", () => {
    const trials = [
      ...Array.from({ length: 5 }, () => trial("star-focused", "concise", "test", "conflict")),
      ...Array.from({ length: 4 }, () => trial("concise", "star-focused", "control", "conflict")),
      ...Array.from({ length: 5 }, () => trial("concise", "detailed", "test", "leadership")),
      trial("concise", "star-focused", "test", "technical"), // too few trials
    ];
    const recs = personalisedRecommendations(input({ records: allPractised(), trials }), 10);
    const prefer = recs.filter((r) => r.action.type === "prefer_strategy");
    assert.deepEqual(
      prefer.map((r) => r.action),
      [
        { type: "prefer_strategy", variantId: "concise", overVariantId: "star-focused", category: "conflict" },
        { type: "prefer_strategy", variantId: "detailed", overVariantId: "concise", category: "leadership" },
      ],
    );
    assert.equal(prefer[0]!.priority, "medium");
    // 9–0: P = 1 − 0.5^10 = 0.999, and Λ = 2⁹/10 crossed 20 (always-valid p = 10/512)
    assert.deepEqual(prefer[0]!.evidence, { trials: 9, confidence: 0.999, status: "decided", alwaysValidPValue: 0.02, category: "conflict" });
    // 5–0 leans: P = 63/64, but Λ = 32/6 has not crossed 20
    assert.equal(prefer[1]!.priority, "low");
    assert.equal(prefer[1]!.evidence.status, "leaning");
  });

  it("an undecided or tied pair is not recommended", () => {
    const even = [
      ...Array.from({ length: 3 }, () => trial("a", "b", "test", "conflict")),
      ...Array.from({ length: 3 }, () => trial("a", "b", "control", "conflict")),
    ];
    const recs = personalisedRecommendations(input({ records: allPractised(), trials: even }), 10);
    assert.equal(recs.filter((r) => r.action.type === "prefer_strategy").length, 0);
  });

  it("a story without metrics or digits in its result is one to strengthen", () => {
    const stories = [
      story("complete"),
      story("vague", { metrics: [], result: "Everyone was happier afterwards." }),
      story("digits", { metrics: [], result: "Tickets fell from 40 a week to 5." }),
      story("no-learnings", { learnings: null }),
      story("team-told", { metrics: [], result: "It shipped.", action: "We rewrote the service together." }),
    ];
    const recs = personalisedRecommendations(input({ records: allPractised(), stories }), 10);
    const strengthen = recs.filter((r) => r.action.type === "strengthen_story").map((r) => r.action);
    assert.deepEqual(strengthen, [
      { type: "strengthen_story", storyId: "team-told", storyTitle: "Story team-told", missing: ["a measured result", 'actions told as "I"'] },
      { type: "strengthen_story", storyId: "vague", storyTitle: "Story vague", missing: ["a measured result"] },
    ]);
  });

  it("a competency no story covers asks for a new story", () => {
    const stories = [story("narrow", { competencies: COMPETENCIES.filter((c) => c !== "mentoring") })];
    const recs = personalisedRecommendations(input({ records: allPractised(), stories }), 10);
    const add = recs.find((r) => r.action.type === "add_story");
    const probing = QUESTION_BANK.filter((q) => q.competencies.includes("mentoring"));
    assert.deepEqual(add?.action, { type: "add_story", competency: "mentoring", exampleQuestionId: probing[0]!.id });
    assert.equal(add?.evidence.questionsProbing, probing.length);
  });

  it("a target role's must-have gaps lead, none before partial, each with its evidence and the practice that prepares it", () => {
    const gap = (name: string, kind: Gap["kind"], importance: Gap["importance"], strength: Gap["strength"], closestStoryId: string | null = null): Gap => ({
      requirementId: `${kind}:${name}`,
      name,
      kind,
      importance,
      strength,
      prepare: `Prepare ${name}.`,
      closestStoryId,
    });
    const target = {
      title: "Staff Engineer at Harborline",
      gaps: [
        gap("mentoring", "competency", "must", "none", "complete"),
        gap("React", "skill", "must", "none"),
        gap("data-driven", "competency", "must", "partial"),
        gap("Figma", "skill", "nice", "none"),
      ],
      practice: [
        {
          question: QUESTION_BANK.find((q) => q.id === "lead-grow-engineer")!.text,
          source: "bank" as const,
          questionId: "lead-grow-engineer",
          category: "leadership" as const,
          lookFor: "Growth you caused.",
          requirementId: "competency:mentoring",
          forGap: true,
        },
        {
          question: "Tell me about a time you used React.",
          source: "generated" as const,
          questionId: null,
          category: "technical" as const,
          lookFor: "React in production.",
          requirementId: "skill:React",
          forGap: true,
        },
      ],
    };
    const all = personalisedRecommendations(input({ target, records: allPractised() }), 10);
    assert.match(all[0]!.title, /^Prepare for Staff Engineer at Harborline: mentoring/);
    const recs = all.filter((r) => r.title.startsWith("Prepare for"));
    assert.deepEqual(
      recs.map((r) => [r.title, r.priority]),
      [
        ["Prepare for Staff Engineer at Harborline: mentoring", "high"],
        ["Prepare for Staff Engineer at Harborline: React", "high"],
        ["Prepare for Staff Engineer at Harborline: data driven", "medium"],
      ],
      "nice-to-have gaps are left to the fit view",
    );
    assert.deepEqual(recs[0]!.evidence, { requirement: "mentoring", kind: "competency", importance: "must", evidence: "none", closestStoryId: "complete" });
    assert.equal(recs[0]!.reason, "Prepare mentoring.");
    assert.equal(recs[0]!.action.type, "practise_question");
    assert.deepEqual(recs[1]!.action, { type: "prepare_requirement", requirement: "React", question: "Tell me about a time you used React." });
    assert.deepEqual(recs[2]!.action, { type: "prepare_requirement", requirement: "data-driven", question: null });
    assert.equal(
      personalisedRecommendations(input({ records: allPractised() }), 10).filter((r) => r.title.startsWith("Prepare for")).length,
      0,
      "none without a target",
    );
  });

  it("ranks run 1..n and the limit is respected", () => {
    const all = personalisedRecommendations(input({ stories: [] }), 100);
    assert.ok(all.length >= 3);
    assert.deepEqual(
      all.map((r) => r.rank),
      all.map((_, i) => i + 1),
    );
    const two = personalisedRecommendations(input({ stories: [] }), 2);
    assert.equal(two.length, 2);
    assert.deepEqual(
      two.map((r) => r.rank),
      [1, 2],
    );
    assert.deepEqual(two, all.slice(0, 2));
    assert.deepEqual(personalisedRecommendations(input({ stories: [] }), 0), []);
  });
});

describe("report findings", () => {
  it("every distinct finding of the report appears, even when they point at the same question", () => {
    const records = CATEGORIES.map((category) => ({ ...rec(category, 0.9), storyCoverage: 0.2, satisfaction: 2, responseTime: 400 }));
    const report = analyticsReport(records, { period: "monthly", now: NOW, utcOffsetMinutes: 0 });
    const titles = personalisedRecommendations(input({ records, report }), 20).map((r) => r.title);
    for (const expected of ["Answers run long", "Anchor answers in your stories", "Rehearse until it feels natural"])
      assert.ok(titles.includes(expected), `${expected} in ${titles.join(" | ")}`);
  });
});
