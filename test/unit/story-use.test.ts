import assert from "node:assert/strict";
import type { PerformanceRecord } from "../../mcp-server/src/domain/performance.js";
import { QUESTION_BANK } from "../../mcp-server/src/domain/questions/index.js";
import { personalisedRecommendations } from "../../mcp-server/src/domain/recommendations.js";
import { OVERUSED_CATEGORIES, OVERUSED_QUESTIONS, overuseWarning, storyUse } from "../../mcp-server/src/domain/story-use.js";
import type { Story } from "../../mcp-server/src/domain/types.js";
import type { Category, Competency } from "../../mcp-server/src/domain/vocabulary.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
let nextId = 1;

function told(storyIds: string[], category: Category, questionId: string | null): PerformanceRecord {
  return {
    id: nextId++,
    recordedAt: NOW - 3_600_000,
    category,
    questionId,
    variantId: null,
    accuracy: 0.8,
    storyCoverage: 0.8,
    satisfaction: 4,
    responseTime: 90,
    storyIds,
  };
}

function story(id: string, competencies: Competency[]): Story {
  return {
    id,
    title: `The ${id} story`,
    competencies,
    tags: [],
    metrics: ["42% faster"],
    situation: "S.",
    task: "T.",
    action: "I acted.",
    result: "It worked, 42% faster.",
    learnings: "L.",
    line: 1,
  };
}

const kafka = story("kafka", ["leadership", "technical-depth"]);
const outage = story("outage", ["failure-and-learning"]);

describe("story use", () => {
  it("counts the different questions and categories each story was told in", () => {
    const records = [
      told(["kafka"], "leadership", "q1"),
      told(["kafka"], "leadership", "q1"),
      told(["kafka", "outage"], "failure", "q2"),
      told(["kafka"], "technical", null),
      told(["gone"], "technical", "q3"),
    ];
    const uses = storyUse(records, [kafka, outage]);
    assert.deepEqual(
      uses.map((u) => [u.storyId, u.questions, u.categories]),
      [
        ["kafka", 3, ["failure", "leadership", "technical"]],
        ["outage", 1, ["failure"]],
      ],
    );
    assert.deepEqual(uses[0]!.stretchedTo, ["failure"], "kafka is tagged for leadership and technical depth, not failure");
    assert.equal(uses[0]!.overused, false);
  });

  it(`warns once a story answers ${OVERUSED_QUESTIONS} different questions across ${OVERUSED_CATEGORIES} categories, not before`, () => {
    const four = [told(["kafka"], "leadership", "q1"), told(["kafka"], "conflict", "q2"), told(["kafka"], "failure", "q3"), told(["kafka"], "technical", "q4")];
    assert.equal(storyUse(four, [kafka])[0]!.overused, false);
    const sameCategory = [1, 2, 3, 4, 5, 6].map((i) => told(["kafka"], "leadership", `lead-${i}`));
    assert.equal(storyUse(sameCategory, [kafka])[0]!.overused, false, "many leadership questions is one competency, told well");
    const five = [...four, told(["kafka"], "teamwork", "q5")];
    const use = storyUse(five, [kafka])[0]!;
    assert.equal(use.overused, true);
    assert.equal(
      overuseWarning(use),
      '"The kafka story" answered 5 different questions across 5 categories (Conflict, Failure and learning, Leadership, Teamwork, Technical depth). Prepare another story for Conflict, Failure and learning, and Teamwork, where it is not tagged.',
    );
  });

  it("recommends a new story where an overused one is stretched, with the evidence", () => {
    const records = ["leadership", "conflict", "failure", "technical", "teamwork"].map((c, i) => told(["kafka"], c as Category, `q${i}`));
    const recommendations = personalisedRecommendations(
      { questions: QUESTION_BANK, stories: [kafka, outage], records, trials: [], cards: [], report: null, now: NOW },
      20,
    );
    const overuse = recommendations.find((r) => r.title === 'Rely less on "The kafka story"');
    assert.ok(overuse, recommendations.map((r) => r.title).join(" | "));
    assert.deepEqual(overuse.evidence, { storyId: "kafka", questions: 5, categories: 5, stretchedTo: "conflict, failure, teamwork" });
    assert.equal(overuse.action.type, "add_story");
    assert.equal(overuse.action.type === "add_story" && overuse.action.competency, "conflict-resolution");
  });
});
