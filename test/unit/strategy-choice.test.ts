import assert from "node:assert/strict";
import type { Trial, TrialOutcome } from "../../mcp-server/src/domain/experiments.js";
import { chooseStrategy, MONTE_CARLO_DRAWS } from "../../mcp-server/src/domain/strategy-choice.js";
import type { Category } from "../../mcp-server/src/domain/vocabulary.js";

let nextId = 1;
function trial(controlVariantId: string, testVariantId: string, outcome: TrialOutcome, category: Category | null = "leadership"): Trial {
  return {
    id: nextId++,
    recordedAt: 0,
    questionId: null,
    question: `Q${nextId}`,
    category,
    controlVariantId,
    testVariantId,
    controlScore: 60,
    testScore: 60,
    outcome,
    judgedBy: "rubric",
  };
}
const STRATEGIES = ["star-focused", "example-driven", "concise", "detailed"];

describe("Thompson sampling for the next strategy", () => {
  it("with no trials, every strategy is Beta(1, 1) and about equally likely to be best", () => {
    const choice = chooseStrategy([], STRATEGIES, "leadership", 7);
    assert.deepEqual(
      choice.beliefs.map((b) => [b.alpha, b.beta, b.trials]),
      STRATEGIES.map(() => [1, 1, 0]),
    );
    for (const b of choice.beliefs) assert.ok(Math.abs(b.probabilityBest - 0.25) < 0.04, `${b.variantId} ${b.probabilityBest}`);
    assert.equal(choice.variantId, choice.beliefs.reduce((a, b) => (b.draw > a.draw ? b : a)).variantId, "the highest draw is chosen");
    assert.match(choice.reason, /no trials on leadership questions yet/);
  });

  it("counts each strategy's record in the category only, against any opponent, ties as halves", () => {
    const trials = [
      trial("concise", "detailed", "test"),
      trial("concise", "detailed", "test"),
      trial("detailed", "star-focused", "tie"),
      trial("concise", "detailed", "control", "technical"),
    ];
    const byId = new Map(chooseStrategy(trials, STRATEGIES, "leadership", 3).beliefs.map((b) => [b.variantId, b]));
    assert.deepEqual([byId.get("detailed")!.wins, byId.get("detailed")!.ties, byId.get("detailed")!.alpha, byId.get("detailed")!.beta], [2, 1, 3.5, 1.5]);
    assert.deepEqual([byId.get("concise")!.losses, byId.get("concise")!.alpha, byId.get("concise")!.beta], [2, 1, 3]);
    const all = new Map(chooseStrategy(trials, STRATEGIES, null, 3).beliefs.map((b) => [b.variantId, b]));
    assert.equal(all.get("concise")!.wins, 1, "all categories together count the technical trial too");
  });

  it("replays from its seed, and favours the strategy that keeps winning", () => {
    const trials = Array.from({ length: 12 }, (_, i) => trial(i % 2 ? "concise" : "star-focused", "example-driven", i % 4 === 0 ? "control" : "test"));
    const a = chooseStrategy(trials, STRATEGIES, "leadership", 42);
    const b = chooseStrategy(trials, STRATEGIES, "leadership", 42);
    assert.deepEqual(a, b);
    const picks = Array.from({ length: 200 }, (_, seed) => chooseStrategy(trials, STRATEGIES, "leadership", seed + 1).variantId);
    const share = picks.filter((p) => p === "example-driven").length / picks.length;
    const best = a.beliefs.find((x) => x.variantId === "example-driven")!;
    assert.ok(Math.abs(share - best.probabilityBest) < 0.1, `picked ${share}, P(best) ${best.probabilityBest}`);
    assert.ok(best.probabilityBest > 0.5);
    assert.equal(MONTE_CARLO_DRAWS, 4_000);
  });
});
