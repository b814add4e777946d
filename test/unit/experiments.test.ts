import assert from "node:assert/strict";
import { runAbTestOutput } from "../../mcp-server/src/contracts/experiments.js";
import {
  distinctTrials,
  outcomeByScore,
  pairOutcomes,
  tallyPair,
  variantPerformance,
  verdict,
  verdictOf,
  type Tally,
  type Trial,
  type TrialOutcome,
} from "../../mcp-server/src/domain/experiments.js";
import { expectedLossOfLeader, logEvidence } from "../../mcp-server/src/domain/sequential.js";
import type { Category } from "../../mcp-server/src/domain/vocabulary.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");

let nextId = 1;
function trial(
  controlVariantId: string,
  testVariantId: string,
  outcome: TrialOutcome,
  scores: [number, number] = [60, 60],
  category: Category | null = null,
): Trial {
  return {
    id: nextId++,
    recordedAt: NOW,
    questionId: null,
    question: "Tell me about a time…",
    category,
    controlVariantId,
    testVariantId,
    controlScore: scores[0],
    testScore: scores[1],
    outcome,
    judgedBy: "rubric",
  };
}

/** Outcomes for the test side in recorded order: test wins, then control wins, then ties. */
const outcomes = (testWins: number, controlWins: number, ties = 0): TrialOutcome[] => [
  ...Array<TrialOutcome>(testWins).fill("test"),
  ...Array<TrialOutcome>(controlWins).fill("control"),
  ...Array<TrialOutcome>(ties).fill("tie"),
];
const tally = (testWins: number, controlWins: number, ties = 0): Tally => ({ trials: testWins + controlWins + ties, testWins, controlWins, ties });
const close = (actual: number | null, expected: number, eps = 1e-12) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < eps, `${actual} vs ${expected}`);

describe("tallyPair", () => {
  it("counts both orientations, mirroring reversed trials, and ignores other pairs", () => {
    const trials = [
      trial("a", "b", "test"), // b wins
      trial("a", "b", "control"), // a wins
      trial("a", "b", "tie"),
      trial("b", "a", "test"), // reversed: a wins
      trial("b", "a", "control"), // reversed: b wins
      trial("b", "a", "control"), // reversed: b wins
      trial("a", "c", "test"), // other pair
      trial("c", "b", "control"), // other pair
    ];
    assert.deepEqual(tallyPair(trials, "a", "b"), { trials: 6, testWins: 3, controlWins: 2, ties: 1 });
    assert.deepEqual(tallyPair(trials, "b", "a"), { trials: 6, testWins: 2, controlWins: 3, ties: 1 });
    assert.deepEqual(tallyPair(trials, "x", "y"), { trials: 0, testWins: 0, controlWins: 0, ties: 0 });
    assert.deepEqual(pairOutcomes(trials, "a", "b"), ["test", "control", "tie", "control", "test", "test"], "in recorded order, mirrored");
    assert.equal(verdict(trials, "a", "b").tally.testWins, 3);
  });
});

describe("verdict", () => {
  it("fewer than 5 trials is insufficient data even when one side won them all", () => {
    const v = verdictOf(outcomes(4, 0), "control", "test");
    assert.equal(v.status, "insufficient_data");
    close(v.probabilityTestBetter, 31 / 32); // Beta(5, 1): 1 − 0.5^5
    assert.equal(v.winner, "test");
  });

  it("5 test wins to 0: P = 63/64 is shown, but the evidence (Λ = 2⁵/6) is short of deciding", () => {
    const v = verdictOf(outcomes(5, 0), "star-focused", "concise");
    close(v.probabilityTestBetter, 63 / 64); // Beta(6, 1): 1 − 0.5^6
    close(v.confidence, 63 / 64);
    close(v.evidence, 32 / 6, 1e-9); // B(6, 1) / 0.5^5 = (1/6) · 32
    assert.equal(v.status, "leaning");
    assert.equal(v.winner, "concise");
    assert.deepEqual(v.tally, tally(5, 0));
    assert.equal(v.decisionThreshold, 20);
  });

  it("8 straight wins decide (Λ = 2⁸/9 ≥ 20), 7 do not (2⁷/8 = 16)", () => {
    const seven = verdictOf(outcomes(7, 0), "a", "b");
    close(seven.evidence, 16, 1e-9);
    assert.equal(seven.status, "leaning");
    const eight = verdictOf(outcomes(0, 8), "a", "b");
    close(eight.evidence, 256 / 9, 1e-9);
    assert.equal(eight.status, "decided");
    assert.equal(eight.winner, "a");
    assert.equal(eight.decidedAfter, 8);
    close(eight.alwaysValidPValue, 9 / 256, 1e-9);
  });

  it("once decided, stays decided for the side that led, with the running-minimum p-value", () => {
    const run: TrialOutcome[] = [...outcomes(9, 0), ...outcomes(0, 6)];
    const v = verdictOf(run, "a", "b");
    assert.equal(v.status, "decided");
    assert.equal(v.decidedAfter, 8);
    assert.equal(v.winner, "b");
    close(v.alwaysValidPValue, 10 / 512, 1e-9); // the best look: 9 straight wins, Λ = 2⁹/10
    assert.ok(v.evidence < 20, "today's evidence has fallen back below the threshold");
  });

  it("a pair one side has won 1,100 times stays a finite, reportable verdict", () => {
    const v = verdictOf(outcomes(1_100, 0), "a", "b");
    assert.equal(v.evidence, Number.MAX_VALUE, "Λ = 2¹¹⁰⁰/1101 is beyond a double");
    assert.ok(runAbTestOutput.shape.evidence.safeParse(v.evidence).success);
    assert.equal(v.alwaysValidPValue, 0);
    assert.equal(v.status, "decided");
  });

  it("3 wins each: probability exactly 0.5 and a tie", () => {
    const v = verdictOf(outcomes(3, 3), "a", "b");
    assert.equal(v.probabilityTestBetter, 0.5);
    assert.equal(v.confidence, 0.5);
    assert.equal(v.winner, "tie");
    assert.equal(v.status, "leaning");
    assert.equal(verdictOf(outcomes(0, 0, 6), "a", "b").winner, "tie");
  });

  it("4 test wins to 1 leans towards test: P = 57/64", () => {
    // Beta(5, 2): P(p > 1/2) = P(Binomial(6, 1/2) ≤ 4) = (1 + 6 + 15 + 20 + 15) / 64
    const v = verdictOf(outcomes(4, 1), "a", "b");
    close(v.probabilityTestBetter, 57 / 64);
    assert.equal(v.status, "leaning");
    assert.equal(v.winner, "b");
  });
});

describe("expected loss of picking the leader", () => {
  it("matches the integral: Beta(2, 1) leading test loses ∫₀^½ (½ − p)·2p dp = 1/24", () => {
    close(expectedLossOfLeader({ alpha: 2, beta: 1 }, "test"), 1 / 24, 1e-12);
    // Beta(1, 2) leading control: ∫_½^1 (p − ½)·2(1 − p) dp = 1/24 by symmetry
    close(expectedLossOfLeader({ alpha: 1, beta: 2 }, "control"), 1 / 24, 1e-12);
    // Under the flat prior either pick loses ∫₀^½ (½ − p) dp = 1/8
    close(expectedLossOfLeader({ alpha: 1, beta: 1 }, "test"), 1 / 8, 1e-12);
  });

  it("shrinks as the leader's lead grows", () => {
    const losses = [2, 5, 10, 20].map((n) => verdictOf(outcomes(n, Math.floor(n / 4)), "a", "b").expectedLossOfLeader);
    for (let i = 1; i < losses.length; i++) assert.ok(losses[i]! < losses[i - 1]!, losses.join(" > "));
  });
});

describe("logEvidence", () => {
  it("is log B(1 + a, 1 + b) + n·log 2, and 0 before any trial", () => {
    assert.equal(logEvidence(0, 0), 0);
    close(logEvidence(1, 0), Math.log(2 / 2), 1e-12); // B(2, 1) = 1/2, times 2
    close(logEvidence(2, 1), Math.log((1 / 12) * 8), 1e-12); // B(3, 2) = 2!·1!/4! = 1/12
    close(logEvidence(0.5, 0.5), Math.log((Math.PI / 8) * 2), 1e-12); // B(1.5, 1.5) = π/8
  });
});

describe("outcomeByScore", () => {
  it("the higher score wins; equal scores tie", () => {
    assert.equal(outcomeByScore(60, 61), "test");
    assert.equal(outcomeByScore(61, 60), "control");
    assert.equal(outcomeByScore(70, 70), "tie");
  });
});

describe("variantPerformance", () => {
  const trials = [
    trial("A", "B", "control", [80, 60], "conflict"), // A wins as control, score 80
    trial("C", "A", "test", [50, 70], "conflict"), // A wins as test, score 70
    trial("A", "C", "test", [60, 75], "leadership"), // A loses, score 60
    trial("B", "A", "tie", [65, 65], null), // tie, score 65
    trial("B", "C", "test", [10, 90], "conflict"), // A absent
    trial("A", "A", "test", [0, 100], "conflict"), // self-pair: ignored
  ];

  it("counts wins, losses and ties from either side, with win rate and mean score", () => {
    const p = variantPerformance(trials, "A");
    assert.equal(p.variantId, "A");
    assert.equal(p.trials, 4);
    assert.equal(p.wins, 2);
    assert.equal(p.losses, 1);
    assert.equal(p.ties, 1);
    assert.equal(p.winRate, (2 + 1 / 2) / 4);
    assert.equal(p.meanScore, 68.8); // (80 + 70 + 60 + 65) / 4 = 68.75, to one decimal
    const [lo, hi] = p.winRateInterval; // Beta(3.5, 2.5), mean 3.5 / 6
    assert.ok(lo > 0 && lo < 3.5 / 6 && hi > 3.5 / 6 && hi < 1, `${lo}, ${hi}`);
  });

  it("splits by category, sorted, with uncategorised trials as their own row", () => {
    const rows = variantPerformance(trials, "A").byCategory;
    assert.deepEqual(
      rows.map((r) => [r.category, r.trials, r.wins, r.losses, r.ties, r.winRate, r.meanScore]),
      [
        ["conflict", 2, 2, 0, 0, 1, 75],
        ["leadership", 1, 0, 1, 0, 0, 60],
        ["uncategorised", 1, 0, 0, 1, 0.5, 65],
      ],
    );
    // One win and nothing else is Beta(2, 1), whose CDF is x²: interval [√0.025, √0.975]
    const [lo, hi] = variantPerformance([trial("A", "B", "control", [70, 60])], "A").winRateInterval;
    close(lo, Math.sqrt(0.025), 1e-9);
    close(hi, Math.sqrt(0.975), 1e-9);
  });

  it("a category filter keeps only that category's trials", () => {
    const p = variantPerformance(trials, "A", "conflict");
    assert.equal(p.trials, 2);
    assert.equal(p.wins, 2);
    assert.equal(p.winRate, 1);
    assert.deepEqual(
      p.byCategory.map((r) => r.category),
      ["conflict"],
    );
  });

  it("with no trials, win rate and mean score are null and the interval is the prior's [0.025, 0.975]", () => {
    for (const p of [variantPerformance([], "A"), variantPerformance(trials, "Z"), variantPerformance(trials, "A", "motivation")]) {
      assert.equal(p.trials, 0);
      assert.equal(p.winRate, null);
      assert.equal(p.meanScore, null);
      assert.deepEqual(p.byCategory, []);
      close(p.winRateInterval[0], 0.025, 1e-9);
      close(p.winRateInterval[1], 0.975, 1e-9);
    }
  });
});

describe("repeated head-to-heads", () => {
  it("count once, with the latest judgment standing", () => {
    const first = { ...trial("a", "b", "test"), id: 1, fingerprint: "same" };
    const repeat = { ...trial("b", "a", "test"), id: 2, fingerprint: "same" };
    const other = { ...trial("a", "b", "test"), id: 3, fingerprint: "other" };
    const legacy = { ...trial("a", "b", "tie"), id: 4, fingerprint: null };
    assert.deepEqual(
      distinctTrials([first, repeat, other, legacy]).map((t) => t.id),
      [2, 3, 4],
    );
    assert.deepEqual(tallyPair([first, repeat, other, legacy], "a", "b"), { trials: 3, controlWins: 1, testWins: 1, ties: 1 });
    assert.equal(variantPerformance([first, repeat, other], "a").trials, 2);
  });
});
