import assert from "node:assert/strict";
import type { Trial, TrialOutcome } from "../../mcp-server/src/domain/experiments.js";
import { MILESTONE_LADDER, measure, milestoneFacts, newlyReached, nextMilestones, type MilestoneFacts } from "../../mcp-server/src/domain/milestones.js";
import type { PerformanceRecord } from "../../mcp-server/src/domain/performance.js";
import type { Category } from "../../mcp-server/src/domain/vocabulary.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
const DAY = 86_400_000;

let nextId = 1;
function rec(recordedAt: number, overrides: Partial<PerformanceRecord> = {}): PerformanceRecord {
  return {
    id: nextId++,
    recordedAt,
    category: "leadership",
    questionId: null,
    variantId: null,
    accuracy: 0.8,
    storyCoverage: 0.9,
    satisfaction: 4,
    responseTime: 60,
    ...overrides,
  };
}

function trial(controlVariantId: string, testVariantId: string, outcome: TrialOutcome, category: Category | null = null): Trial {
  return {
    id: nextId++,
    recordedAt: NOW,
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

function facts(overrides: Partial<MilestoneFacts> = {}): MilestoneFacts {
  return { attempts: 0, accuracies: [], storyCoverages: [], categoriesPractised: 0, longestStreak: 0, trials: 0, decidedExperiments: 0, ...overrides };
}

const definition = (id: string) => {
  const d = MILESTONE_LADDER.find((m) => m.id === id);
  assert.ok(d, `no milestone ${id}`);
  return d;
};
const progressOf = (id: string, f: MilestoneFacts) => measure(definition(id), f);
const repeat = (value: number, n: number) => Array.from({ length: n }, () => value);
const trials = (n: number, make: () => Trial) => Array.from({ length: n }, make);

describe("milestone ladder", () => {
  it("has unique ids covering every kind", () => {
    const ids = MILESTONE_LADDER.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(new Set(MILESTONE_LADDER.map((m) => m.kind)), new Set(["practice", "accuracy", "categories", "story-coverage", "streak", "experiments"]));
  });

  it("names the sustained rungs by target percent and window, and only they carry a window", () => {
    for (const id of [
      "accuracy-70-10",
      "accuracy-80-20",
      "accuracy-90-30",
      "story-coverage-60-10",
      "story-coverage-80-20",
      "decided-1",
      "practice-10",
      "streak-3",
      "categories-11",
    ])
      definition(id);
    for (const m of MILESTONE_LADDER) {
      assert.equal(m.window !== undefined, m.kind === "accuracy" || m.kind === "story-coverage", m.id);
      assert.ok(m.target > 0, m.id);
    }
  });
});

describe("measure", () => {
  it("count milestones: progress is current / target, capped at 1", () => {
    assert.deepEqual((({ current, progress, reached }) => ({ current, progress, reached }))(progressOf("practice-10", facts({ attempts: 5 }))), {
      current: 5,
      progress: 0.5,
      reached: false,
    });
    assert.equal(progressOf("practice-1", facts({ attempts: 1 })).reached, true);
    assert.equal(progressOf("practice-250", facts({ attempts: 300 })).progress, 1);
    assert.equal(progressOf("categories-3", facts({ categoriesPractised: 2 })).progress, 0.667); // 2/3 to 3 digits
    assert.equal(progressOf("experiments-10", facts({ trials: 4 })).progress, 0.4);
    assert.equal(progressOf("streak-7", facts({ longestStreak: 3 })).progress, 0.429); // 3/7 = 0.42857…
  });

  it("sustained accuracy needs a full window: 9 perfect answers are not enough", () => {
    const m = progressOf("accuracy-70-10", facts({ attempts: 9, accuracies: repeat(1, 9) }));
    assert.equal(m.current, 1);
    assert.equal(m.progress, 0.9); // min(1, 9/10, 1/0.7)
    assert.equal(m.reached, false);
  });

  it("ten answers at 0.8 reach accuracy-70-10; ten at exactly 0.7 reach it too", () => {
    const m = progressOf("accuracy-70-10", facts({ attempts: 10, accuracies: repeat(0.8, 10) }));
    assert.equal(m.current, 0.8);
    assert.equal(m.reached, true);
    assert.equal(progressOf("accuracy-70-10", facts({ attempts: 10, accuracies: repeat(0.7, 10) })).reached, true);
  });

  it("only the latest window counts: ten perfect answers then ten at 0.5", () => {
    const m = progressOf("accuracy-70-10", facts({ attempts: 20, accuracies: [...repeat(1, 10), ...repeat(0.5, 10)] }));
    assert.equal(m.current, 0.5);
    assert.equal(m.progress, 0.714); // 0.5 / 0.7 = 0.714285…
    assert.equal(m.reached, false);
  });

  it("story coverage uses the story-coverage values, not accuracy", () => {
    const m = progressOf("story-coverage-60-10", facts({ attempts: 10, accuracies: repeat(1, 10), storyCoverages: repeat(0.3, 10) }));
    assert.equal(m.current, 0.3);
    assert.equal(m.progress, 0.5); // 0.3 / 0.6
  });
});

describe("milestoneFacts", () => {
  it("orders accuracies oldest first and counts distinct categories and trials", () => {
    const f = milestoneFacts(
      [rec(NOW - DAY, { accuracy: 0.2, category: "conflict" }), rec(NOW - 3 * DAY, { accuracy: 0.4 }), rec(NOW, { accuracy: 0.6, storyCoverage: 0.1 })],
      [trial("a", "b", "test")],
      0,
    );
    assert.equal(f.attempts, 3);
    assert.deepEqual(f.accuracies, [0.4, 0.2, 0.6]);
    assert.deepEqual(f.storyCoverages, [0.9, 0.9, 0.1]);
    assert.equal(f.categoriesPractised, 2);
    assert.equal(f.trials, 1);
    assert.equal(f.decidedExperiments, 0);
  });

  it("uses the longest streak in the history, not the current one", () => {
    const days = [40, 39, 38, 10, 0]; // three in a row long ago, then two single days
    const f = milestoneFacts(
      days.map((d) => rec(NOW - d * DAY)),
      [],
      0,
    );
    assert.equal(f.longestStreak, 3);
    assert.equal(progressOf("streak-3", f).reached, true);
    assert.equal(progressOf("streak-7", f).progress, 0.429);
  });

  it("the UTC offset decides which local day a record falls on", () => {
    const records = [rec(Date.parse("2026-06-13T23:30:00Z")), rec(Date.parse("2026-06-15T00:30:00Z"))];
    assert.equal(milestoneFacts(records, [], 0).longestStreak, 1); // days 13 and 15
    assert.equal(milestoneFacts(records, [], 60).longestStreak, 2); // local days 14 and 15
  });

  it("decided-1: 8 test wins to 0 for one pair is decided (P = 1 − 0.5^9 > 0.95)", () => {
    const p = 1 - 0.5 ** 9; // Beta(9, 1): P(p > 1/2) = 1 − (1/2)^9 = 0.998046875
    assert.ok(p > 0.95);
    const f = milestoneFacts(
      [],
      trials(8, () => trial("concise", "star-focused", "test")),
      0,
    );
    assert.equal(f.decidedExperiments, 1);
    assert.equal(progressOf("decided-1", f).reached, true);
    assert.equal(progressOf("experiments-1", f).current, 8);
  });

  it("both orientations of a pair are one experiment; 4 wins alone or 3–3 are not decided", () => {
    const mixed = [...trials(4, () => trial("a", "b", "test")), ...trials(4, () => trial("b", "a", "control"))];
    assert.equal(milestoneFacts([], mixed, 0).decidedExperiments, 1); // b beat a 8–0
    assert.equal(
      milestoneFacts(
        [],
        trials(4, () => trial("a", "b", "test")),
        0,
      ).decidedExperiments,
      0,
    );
    const even = [...trials(3, () => trial("a", "b", "test")), ...trials(3, () => trial("a", "b", "control"))];
    assert.equal(milestoneFacts([], even, 0).decidedExperiments, 0);
  });
});

describe("newlyReached and nextMilestones", () => {
  it("newlyReached lists reached milestones not already achieved", () => {
    const f = facts({ attempts: 10 });
    assert.deepEqual(
      newlyReached(f, new Set()).map((m) => m.id),
      ["practice-1", "practice-10"],
    );
    assert.deepEqual(
      newlyReached(f, new Set(["practice-1"])).map((m) => m.id),
      ["practice-10"],
    );
    assert.deepEqual(newlyReached(f, new Set(["practice-1", "practice-10"])), []);
  });

  it("with no history, the first rung of each kind comes first, in ladder order", () => {
    assert.deepEqual(
      nextMilestones(facts(), new Set(), 6).map((m) => m.id),
      ["practice-1", "accuracy-70-10", "categories-3", "story-coverage-60-10", "streak-3", "experiments-1"],
    );
    assert.deepEqual(
      nextMilestones(facts(), new Set(), 8)
        .slice(6)
        .map((m) => m.id),
      ["practice-10", "accuracy-80-20"],
    );
  });

  it("lowest unreached rungs sorted by progress, and count is respected", () => {
    const f = facts({ attempts: 5, categoriesPractised: 2, longestStreak: 1 });
    // rung 0: categories-3 0.667, practice-10 0.5, streak-3 0.333, then the zero-progress ones
    assert.deepEqual(
      nextMilestones(f, new Set(), 3).map((m) => m.id),
      ["categories-3", "practice-10", "streak-3"],
    );
    assert.equal(nextMilestones(f, new Set(), 0).length, 0);
    assert.equal(nextMilestones(f, new Set(), 100).length, MILESTONE_LADDER.length - 1); // only practice-1 is reached
  });

  it("achieved ids are skipped, so the next rung of that kind moves up", () => {
    const next = nextMilestones(facts({ attempts: 5 }), new Set(["practice-1", "practice-10"]), 6);
    const practice = next.filter((m) => m.kind === "practice");
    assert.deepEqual(
      practice.map((m) => m.id),
      ["practice-25"],
    );
    assert.equal(practice[0]!.progress, 0.2); // 5 / 25
  });
});

describe("milestone rounding", () => {
  it("a mean just under the target is not reached, though it displays rounded", () => {
    const definition = MILESTONE_LADDER.find((m) => m.id === "accuracy-70-10")!;
    const facts = {
      attempts: 10,
      accuracies: [...Array(9).fill(0.7), 0.6996],
      storyCoverages: [],
      categoriesPractised: 1,
      longestStreak: 1,
      trials: 0,
      decidedExperiments: 0,
    };
    const result = measure(definition, facts);
    assert.equal(result.reached, false);
    assert.ok(result.progress < 1);
  });
});
