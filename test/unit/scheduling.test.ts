import assert from "node:assert/strict";
import { generatorParameters, Rating, State } from "ts-fsrs";
import type { PerformanceRecord } from "../../mcp-server/src/domain/performance.js";
import { categoryStandings, choosePractice, dueCards, questionInCategory } from "../../mcp-server/src/domain/practice.js";
import { QUESTION_BANK } from "../../mcp-server/src/domain/questions/index.js";
import { isDue, ratingForScore, reviewPractice, scheduleFromAttempts, type PracticeCard } from "../../mcp-server/src/domain/scheduling.js";
import { CATEGORIES, type Category } from "../../mcp-server/src/domain/vocabulary.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function card(questionId: string, due: number, lastScore: number | null = 60): PracticeCard {
  return {
    questionId,
    due,
    stability: 3,
    difficulty: 5,
    scheduledDays: 3,
    learningSteps: 0,
    reps: 2,
    lapses: 0,
    state: State.Review,
    lastReview: due - 3 * DAY,
    lastScore,
  };
}

let nextId = 1;
function rec(category: Category, accuracy: number): PerformanceRecord {
  return { id: nextId++, recordedAt: NOW - HOUR, category, questionId: null, variantId: null, accuracy, storyCoverage: 0.8, satisfaction: 4, responseTime: 90 };
}

const idsIn = (category: Category) => QUESTION_BANK.filter((q) => q.category === category).map((q) => q.id);

describe("FSRS scheduling", () => {
  it("maps rubric bands to ratings at the band edges", () => {
    const cases: [number, Rating][] = [
      [0, Rating.Again],
      [39, Rating.Again],
      [40, Rating.Hard],
      [59, Rating.Hard],
      [60, Rating.Good],
      [74, Rating.Good],
      [75, Rating.Easy],
      [100, Rating.Easy],
    ];
    for (const [score, rating] of cases) assert.equal(ratingForScore(score), rating, `score ${score}`);
  });

  it("a first review creates a card with one rep, the score, and a due date after now", () => {
    const c = reviewPractice("lead-grow-engineer", null, 70, NOW);
    assert.equal(c.questionId, "lead-grow-engineer");
    assert.equal(c.reps, 1);
    assert.equal(c.lapses, 0);
    assert.equal(c.lastScore, 70);
    assert.equal(c.lastReview, NOW);
    assert.ok(c.due > NOW);
    assert.equal(isDue(c, NOW), false);
    assert.equal(isDue(c, c.due), true);
  });

  it("Easy on a new card schedules round(w[3]) days ahead, unfuzzed", () => {
    // FSRS: the initial stability after Easy is w[3]; at the default 90% requested retention the interval equals the stability.
    const { w, request_retention } = generatorParameters();
    assert.equal(request_retention, 0.9);
    const c = reviewPractice("q", null, 95, NOW);
    assert.equal(c.due - NOW, Math.round(w[3]!) * DAY);
    assert.equal(c.scheduledDays, Math.round(w[3]!));
  });

  it("a strong score schedules later than a weak one from the same state", () => {
    assert.ok(reviewPractice("q", null, 90, NOW).due > reviewPractice("q", null, 30, NOW).due);
    const first = reviewPractice("q", null, 70, NOW);
    const strong = reviewPractice("q", first, 90, first.due);
    const weak = reviewPractice("q", first, 45, first.due);
    assert.ok(strong.due > weak.due, `${new Date(strong.due).toISOString()} vs ${new Date(weak.due).toISOString()}`);
  });

  it("a second review increments reps and records the new review time and score", () => {
    const first = reviewPractice("q", null, 65, NOW);
    const second = reviewPractice("q", first, 85, first.due);
    assert.equal(second.reps, 2);
    assert.equal(second.lastReview, first.due);
    assert.equal(second.lastScore, 85);
    assert.ok(second.due > first.due);
  });

  it("a weak score on a card in Review state is a lapse; a good one is not", () => {
    const reviewed = reviewPractice("q", null, 95, NOW); // Easy on a new card graduates to Review
    assert.equal(reviewed.state, State.Review);
    const lapsed = reviewPractice("q", reviewed, 20, reviewed.due);
    assert.equal(lapsed.lapses, reviewed.lapses + 1);
    assert.equal(lapsed.state, State.Relearning);
    assert.equal(reviewPractice("q", reviewed, 75, reviewed.due).lapses, reviewed.lapses);
  });

  it("is deterministic, and a card survives a JSON round trip", () => {
    const a = reviewPractice("q", reviewPractice("q", null, 70, NOW), 55, NOW + 2 * DAY);
    const b = reviewPractice("q", reviewPractice("q", null, 70, NOW), 55, NOW + 2 * DAY);
    assert.deepEqual(a, b);
    const stored = JSON.parse(JSON.stringify(reviewPractice("q", null, 70, NOW))) as PracticeCard;
    assert.deepEqual(reviewPractice("q", stored, 55, NOW + 2 * DAY), a);
  });
});

describe("practice choice", () => {
  it("a backfilled history is reviewed at the attempts' own times, in the order they happened", () => {
    const attempts = [
      { at: NOW - 30 * DAY, score: 90 },
      { at: NOW - 20 * DAY, score: 90 },
      { at: NOW - 10 * DAY, score: 90 },
    ];
    const card = scheduleFromAttempts("q", attempts)!;
    assert.equal(card.lastReview, NOW - 10 * DAY, "the last review is the last attempt's time, not when it was recorded");
    assert.equal(card.reps, 3);
    let folded: PracticeCard | null = null;
    for (const attempt of attempts) folded = reviewPractice("q", folded, attempt.score, attempt.at);
    assert.deepEqual(card, folded);
    // Recorded out of order (the oldest sent last), the card is the same.
    assert.deepEqual(scheduleFromAttempts("q", [attempts[1]!, attempts[2]!, attempts[0]!]), card);
    assert.equal(scheduleFromAttempts("q", []), null);
  });

  it("dueCards: most overdue first, due-now included, future excluded", () => {
    const cards = [card("c", NOW + HOUR), card("b", NOW - HOUR), card("a", NOW), card("d", NOW - 3 * DAY), card("e", NOW - HOUR)];
    assert.deepEqual(
      dueCards(cards, NOW).map((c) => c.questionId),
      ["d", "b", "e", "a"],
    );
    assert.deepEqual(dueCards([card("x", NOW + 1)], NOW), []);
  });

  it("categoryStandings: mean accuracy per category, null when never practised", () => {
    const standings = categoryStandings([rec("conflict", 0.5), rec("conflict", 0.7), rec("technical", 0.9)]);
    assert.deepEqual(
      standings.map((s) => s.category),
      [...CATEGORIES],
    );
    const conflict = standings.find((s) => s.category === "conflict")!;
    assert.equal(conflict.attempts, 2);
    assert.ok(Math.abs(conflict.accuracy! - 0.6) < 1e-12); // (0.5 + 0.7) / 2
    assert.deepEqual(
      standings.find((s) => s.category === "leadership"),
      { category: "leadership", attempts: 0, accuracy: null },
    );
  });

  it("a due card's question comes first, skipping cards whose question left the bank", () => {
    const cards = [
      card("no-longer-in-bank", NOW - 5 * DAY),
      card("conf-critical-feedback", NOW - DAY),
      card("lead-grow-engineer", NOW - HOUR),
      card("fail-wrong-bet", NOW + DAY),
    ];
    const choice = choosePractice(QUESTION_BANK, cards, [rec("conflict", 0.9)], NOW);
    assert.ok(choice);
    assert.equal(choice.reason, "due");
    assert.equal(choice.question.id, "conf-critical-feedback");
    assert.equal(choice.card, cards[1]);
    assert.equal(choice.category.category, "conflict");
    assert.equal(choice.category.attempts, 1);
  });

  it("without due cards, a never-practised category comes first in bank order", () => {
    const choice = choosePractice(QUESTION_BANK, [card("fail-wrong-bet", NOW + DAY)], [rec("leadership", 0.3)], NOW);
    assert.ok(choice);
    assert.equal(choice.reason, "new-category");
    assert.equal(choice.question.category, "teamwork"); // leadership is practised; teamwork is next in the bank
    assert.equal(choice.question.id, idsIn("teamwork")[0]);
    assert.equal(choice.card, null);
    assert.equal(choice.category.accuracy, null);
    assert.equal(choosePractice(QUESTION_BANK, [], [], NOW)?.question.id, QUESTION_BANK[0]!.id);
  });

  it("when every category is practised, the lowest mean accuracy wins", () => {
    const records = CATEGORIES.filter((c) => c !== "failure").map((c) => rec(c, 0.8));
    records.push(rec("failure", 0.5), rec("failure", 0.3)); // mean 0.4
    const choice = choosePractice(QUESTION_BANK, [], records, NOW);
    assert.ok(choice);
    assert.equal(choice.reason, "weakest-category");
    assert.equal(choice.category.category, "failure");
    assert.equal(choice.category.attempts, 2);
    assert.ok(Math.abs(choice.category.accuracy! - 0.4) < 1e-12);
    assert.equal(choice.question.id, idsIn("failure")[0]);
  });

  it("a target role's due card comes before a more overdue one, the gap competency's first", () => {
    // Overdue by 5 days (failure), 1 day (mentoring), 1 hour (data-driven); the target lists data-driven (a gap) before mentoring.
    const cards = [card("fail-wrong-bet", NOW - 5 * DAY), card("lead-grow-engineer", NOW - DAY), card("ps-data-over-opinion", NOW - HOUR)];
    assert.equal(choosePractice(QUESTION_BANK, cards, [], NOW)?.question.id, "fail-wrong-bet", "no target: the most overdue");
    assert.equal(choosePractice(QUESTION_BANK, cards, [], NOW, ["mentoring"])?.question.id, "lead-grow-engineer");
    const choice = choosePractice(QUESTION_BANK, cards, [], NOW, ["data-driven", "mentoring"]);
    assert.deepEqual([choice?.question.id, choice?.reason], ["ps-data-over-opinion", "due"]);
    // Two due cards on the same target competency: the more overdue one.
    const both = [card("team-onboard-newcomer", NOW - HOUR), card("lead-grow-engineer", NOW - DAY)];
    assert.equal(choosePractice(QUESTION_BANK, both, [], NOW, ["mentoring"])?.question.id, "lead-grow-engineer");
  });

  it("with nothing due, an unpractised question on the target role's first competency, probing it first", () => {
    const choice = choosePractice(QUESTION_BANK, [card("conf-competing-teams", NOW + DAY)], [], NOW, ["prioritization", "mentoring"]);
    assert.deepEqual([choice?.question.id, choice?.reason, choice?.competency], ["cust-speed-vs-quality", "target-role", "prioritization"]);
    assert.equal(choice?.card, null);
  });

  it("returns null when the bank has no questions", () => {
    assert.equal(choosePractice([], [], [], NOW), null);
  });

  it("questionInCategory prefers a never-practised question in bank order", () => {
    const conflict = idsIn("conflict");
    const cards = [card(conflict[0]!, NOW + DAY, 20), card(conflict[2]!, NOW + DAY, 10)];
    assert.equal(questionInCategory(QUESTION_BANK, cards, "conflict")?.id, conflict[1]);
  });

  it("questionInCategory falls back to the lowest last score when all were practised", () => {
    const conflict = idsIn("conflict");
    const scores = [70, 40, 90, 55, 65, 80];
    assert.equal(conflict.length, scores.length);
    const cards = conflict.map((id, i) => card(id, NOW + DAY, scores[i]!));
    assert.equal(questionInCategory(QUESTION_BANK, cards, "conflict")?.id, conflict[1]); // score 40
    assert.equal(questionInCategory([], cards, "conflict"), undefined);
  });
});
